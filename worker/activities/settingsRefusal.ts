/** Each Xero organisation's own parts, which settings saved before #18 kept at the top. */
const ORGANISATION_PARTS = ['taxRates', 'items', 'defaultAccountCode'];

/**
 * What the worker writes on the CRM's settings record when it refuses them (Worker_Status__c, 255
 * characters), field by field. Settings in the older flat shape get those fields named first, with
 * what to do, instead of the schema's "Unrecognized keys" on the whole.
 */
export function refusalStatus(fieldErrors: Record<string, string>, input: unknown): string {
  const top = typeof input === 'object' && input !== null ? Object.keys(input) : [];
  const flat = ORGANISATION_PARTS.filter((key) => top.includes(key));
  const moved = flat.length
    ? [
        `${flat.join(', ')}: now each Xero organisation's own (under organisations.<tenant ID>): open the Ledgerbridge settings page and save again`,
      ]
    : [];
  const others = Object.entries(fieldErrors)
    .filter(
      ([field, message]) =>
        !(flat.length && field === '(settings)' && message.startsWith('Unrecognized key')),
    )
    .map(([field, message]) => `${field}: ${message}`);
  return `Refused: ${[...moved, ...others].join('; ')}`;
}
