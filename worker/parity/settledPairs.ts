import { sql, type RawBuilder } from 'kysely';
import { invoiceStatuses } from '../../workflows/domain/canonical';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';

/**
 * SQL conditions on one key's single Xero record (`x.facts`) and single CRM record (`c.facts`)
 * that hold only where the domain compare (workflows/domain/parity/compareParity.ts) would find
 * nothing: every field it compares is equal as JSON and of the type its schema wants. Such a pair
 * is counted in the database and never leaves it; every other key (a difference, a near-miss
 * within a tolerance, a missing side, a duplicate) goes to the domain compare as before. Being
 * stricter than the domain compare only sends more pairs to it; never laxer, so the findings are
 * the domain compare's own (held to that in test/worker/parity/comparePage.integration.test.ts).
 * The facts a pair is not compared on are not read for a settled pair.
 */
export function settledPair(entity: 'invoice' | 'contact', settings: MappingSettings): RawBuilder<boolean> {
  return entity === 'invoice' ? settledInvoicePair : settledContactPair(settings.contactOwner);
}

/**
 * Equal JSON numbers are the same double, so they pass sameAmount; an ISO date equal to Xero's is
 * the same calendar day; a currency of capitals equal to Xero's is equal upper-cased.
 */
const settledInvoicePair = sql<boolean>`(
  jsonb_typeof(c.facts->'amount') = 'number'
  and coalesce(c.facts->'madeInvoice', 'false') in ('true', 'false')
  and c.facts->'amount' = case when c.facts->'madeInvoice' = 'true' then x.facts->'subTotal' else x.facts->'total' end
  and jsonb_typeof(x.facts->'amountDue') = 'number' and c.facts->'amountDue' = x.facts->'amountDue'
  and jsonb_typeof(x.facts->'amountPaid') = 'number' and c.facts->'amountPaid' = x.facts->'amountPaid'
  and ${JSON.stringify(invoiceStatuses)}::jsonb ? (x.facts->>'status')
  and c.facts->'invoiceStatus' = x.facts->'status'
  and x.facts->>'currency' ~ '^[A-Z]*$'
  and (c.facts->'currency' is null or c.facts->'currency' = x.facts->'currency')
  and x.facts->>'date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and c.facts->'closeDate' = x.facts->'date'
  and jsonb_typeof(x.facts->'contactId') = 'string' and c.facts->'accountXeroContactId' = x.facts->'contactId'
)`;

/** Names are compared only when Xero owns contacts; equal strings are equal once normalised. */
function settledContactPair(owner: MappingSettings['contactOwner']): RawBuilder<boolean> {
  return sql<boolean>`(
    jsonb_typeof(x.facts->'name') = 'string' and jsonb_typeof(c.facts->'name') = 'string'
    and (${owner} <> 'xero' or c.facts->'name' = x.facts->'name')
  )`;
}
