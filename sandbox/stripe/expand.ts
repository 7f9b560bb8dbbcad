import type { StripeAccount } from './account';

/**
 * Stripe's `expand`: an ID field replaced by the object it names, dotted paths going deeper
 * (`latest_invoice.customer`), `data.` stepping into a list. Unknown paths are left as they are.
 */
const OWNERS: Array<[string, (a: StripeAccount) => Map<string, unknown>]> = [
  ['cus_', (a) => a.customers],
  ['pi_', (a) => a.paymentIntents],
  ['ch_', (a) => a.charges],
  ['re_', (a) => a.refunds],
  ['du_', (a) => a.disputes],
  ['sub_', (a) => a.subscriptions],
  ['in_', (a) => a.invoices],
  ['price_', (a) => a.prices],
  ['prod_', (a) => a.products],
];

export function lookup(account: StripeAccount, id: string): unknown {
  const owner = OWNERS.find(([prefix]) => id.startsWith(prefix));
  return owner?.[1](account).get(id);
}

export function expand(account: StripeAccount, value: unknown, paths: string[]): unknown {
  let out = structuredClone(value);
  for (const path of paths) out = expandPath(account, out, path.split('.'));
  return out;
}

function expandPath(account: StripeAccount, value: unknown, path: string[]): unknown {
  const [head, ...rest] = path;
  if (!head || typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  let field = record[head];
  if (typeof field === 'string') {
    const found = lookup(account, field);
    if (found !== undefined) field = structuredClone(found);
  }
  if (head === 'data' && Array.isArray(field))
    field = field.map((item) => (rest.length ? expandPath(account, item, rest) : item));
  else if (rest.length) field = expandPath(account, field, rest);
  return { ...record, [head]: field };
}
