import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { z } from 'zod';
import { orderSchema, type Order } from './orderSchema';

/** One thing wrong with a posted order, at the element (XML) or field (JSON) it concerns. */
export interface OrderProblem {
  /** e.g. `order.lines.line[2].quantity`, or `order` for the document as a whole. */
  at: string;
  message: string;
}

export type ParsedOrder = { ok: true; order: Order } | { ok: false; problems: OrderProblem[] };

/**
 * A document type declaration is refused before anything is parsed: entities (billion laughs,
 * external entities) can only be declared there, and an order has no use for one.
 */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Only XML's five predefined entities (&amp; …) and character references: no DOCTYPE gets this far.
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => jpath === 'order.lines.line',
});

/** An order posted as XML (`<order>…</order>`), validated; problems name the element. */
export function parseOrderXml(xml: string): ParsedOrder {
  if (DECLARATION.test(xml))
    return problem('order', 'a document type declaration (DOCTYPE or ENTITY) is not accepted');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true)
    return problem('order', `not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
  const document: unknown = parser.parse(xml);
  if (typeof document !== 'object' || document === null || !('order' in document))
    return problem('order', 'the root element must be <order>');
  return validated(withLineList((document as { order: unknown }).order), xmlPath);
}

/** `<lines><line/>…</lines>` as the array the schema takes (an empty <lines/> is no lines). */
function withLineList(order: unknown): unknown {
  if (typeof order !== 'object' || order === null || !('lines' in order)) return order;
  const lines: unknown = order.lines;
  const list = typeof lines === 'object' && lines !== null && 'line' in lines ? lines.line : [];
  return { ...order, lines: list };
}

/** An order posted as JSON (the same fields, `lines` an array), validated; problems name the field. */
export function parseOrderJson(body: unknown): ParsedOrder {
  return validated(body, (path) =>
    ['order', ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
      .join('.')
      .replace(/\.\[/g, '['),
  );
}

function validated(input: unknown, at: (path: PropertyKey[]) => string): ParsedOrder {
  const parsed = orderSchema.safeParse(input);
  if (parsed.success) return { ok: true, order: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue: z.core.$ZodIssue) => ({
      at: at(issue.path),
      message: issue.message,
    })),
  };
}

/** A zod path as the XML element it concerns: lines[2] is the third <line> in <lines>. */
function xmlPath(path: PropertyKey[]): string {
  const parts = ['order'];
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (part === 'lines' && typeof path[i + 1] === 'number') {
      parts.push(`lines.line[${Number(path[i + 1]) + 1}]`);
      i++;
    } else parts.push(String(part));
  }
  return parts.join('.');
}

function problem(at: string, message: string): ParsedOrder {
  return { ok: false, problems: [{ at, message }] };
}
