import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validation against Xero's own OpenAPI documents in ../shared/specs/xero. OpenAPI 3.0 schemas are
 * JSON Schema plus `nullable`; `$ref`s point into components. Xero's timestamps on /Connections
 * carry no UTC offset (its own examples show "2019-07-09T23:40:30.1833130"), so `date-time` here
 * accepts an ISO date-time with or without one.
 */
const SPECS = path.resolve(__dirname, '../../../../shared/specs/xero');

type Schema = Record<string, unknown>;
interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: Schema }>;
}
interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses: Record<string, ResponseObject>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema>; responses?: Record<string, ResponseObject> };
  webhooks?: unknown;
}

function convert(node: unknown, docId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, docId));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.startsWith('#') ? `${docId}${value}` : value;
    else if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    else out[key] = convert(value, docId);
  }
  // A $ref with siblings: JSON Schema 2019+ would apply both; OpenAPI 3.0 ignores the siblings.
  if (typeof out.$ref === 'string') return { $ref: out.$ref };
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    delete out.nullable;
  }
  return out;
}

export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly doc: OpenApiDoc;
  private readonly docId: string;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file: string) {
    this.doc = parse(readFileSync(path.join(SPECS, file), 'utf8')) as OpenApiDoc;
    this.docId = `https://specs.local/${file}`;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/);
    this.ajv.addFormat('double', true);
    this.ajv.addFormat('int32', true);
    this.ajv.addSchema({ $id: this.docId, components: convert(this.doc.components ?? {}, this.docId) });
  }

  /** The spec's path template for a concrete path, e.g. /Invoices/abc → /Invoices/{InvoiceID}. */
  template(method: string, concretePath: string): string | undefined {
    const m = method.toLowerCase();
    const candidates = Object.keys(this.doc.paths).filter((t) => this.doc.paths[t]?.[m]);
    const exact = candidates.find((t) => t.toLowerCase() === concretePath.toLowerCase());
    if (exact) return exact;
    const matching = candidates.filter((t) =>
      new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i').test(concretePath),
    );
    // /Contacts/{ContactID} and /Contacts/{ContactNumber} both match: a UUID segment means the ID.
    const isUuid = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/|$)/i.test(concretePath);
    return matching.find((t) => (isUuid ? /ID\}/.test(t) : !/ID\}/.test(t))) ?? matching[0];
  }

  private validator(key: string, schema: Schema | undefined): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      if (!schema) throw new Error(`the spec has no schema for ${key}`);
      fn = this.ajv.compile(convert(schema, this.docId) as Schema);
      this.cache.set(key, fn);
    }
    return fn;
  }

  /** Errors (empty when valid) of a response body against the spec for method + path + status. */
  responseErrors(method: string, concretePath: string, status: number, body: unknown): string[] {
    const template = this.template(method, concretePath);
    if (!template) return [`${method} ${concretePath} is not in the spec`];
    const op = this.doc.paths[template]?.[method.toLowerCase()];
    let response = op?.responses[String(status)] ?? op?.responses.default;
    if (response?.$ref) response = this.doc.components?.responses?.[response.$ref.split('/').pop() ?? ''];
    if (!response) return [`${method} ${template} declares no ${status} response`];
    const schema = response.content?.['application/json']?.schema;
    return this.errorsOf(this.validator(`res ${method} ${template} ${status}`, schema), body);
  }

  /** Errors of a request body against the operation's requestBody schema. */
  requestErrors(method: string, concretePath: string, body: unknown): string[] {
    const template = this.template(method, concretePath);
    if (!template) return [`${method} ${concretePath} is not in the spec`];
    const schema =
      this.doc.paths[template]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return body === undefined ? [] : [`${method} ${template} takes no JSON body`];
    return this.errorsOf(this.validator(`req ${method} ${template}`, schema), body);
  }

  /** Errors of a value against a named component schema (for webhook payloads). */
  componentErrors(name: string, value: unknown): string[] {
    return this.errorsOf(
      this.validator(`component ${name}`, { $ref: `#/components/schemas/${name}` }),
      value,
    );
  }

  private errorsOf(fn: ValidateFunction, value: unknown): string[] {
    return fn(value)
      ? []
      : (fn.errors ?? []).map(
          (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
        );
  }
}
