import {
  fingerprint,
  intentIdempotencyKey,
  intentOfReference,
  intentTag,
  referenceWithIntent,
  referenceWithoutIntent,
  type InvoiceIntent,
} from '../../../workflows/domain/invoiceIntent';

const intent: InvoiceIntent = { intentId: '7Q3KX2MN9PAB', generation: 1 };
const request = { draft: { reference: 'Acme renewal', subTotalCents: 100_000 }, contact: 'c-1' };

describe('invoice intent', () => {
  it('tags the reference with the intent and its generation, within Xero’s 255 characters', () => {
    expect(referenceWithIntent('Acme renewal', intent)).toBe('Acme renewal [LB-7Q3KX2MN9PAB-1]');
    expect(referenceWithIntent('  ', intent)).toBe('[LB-7Q3KX2MN9PAB-1]');
    const long = referenceWithIntent('x'.repeat(400), { ...intent, generation: 12 });
    expect(long).toHaveLength(255);
    expect(long.endsWith(` ${intentTag({ ...intent, generation: 12 })}`)).toBe(true);
    expect(intentTag({ ...intent, generation: 2 })).not.toBe(intentTag(intent));
  });

  it('gives the deal’s reference back without the tag', () => {
    expect(referenceWithoutIntent(referenceWithIntent(' Acme renewal ', intent))).toBe('Acme renewal');
    expect(referenceWithoutIntent('Acme [LB-renewal]')).toBe('Acme [LB-renewal]');
    expect(referenceWithoutIntent('[LB-7Q3KX2MN9PAB-3]')).toBe('');
  });

  it('reads the intent back from a tagged Reference, and nothing from an untagged one', () => {
    expect(intentOfReference(referenceWithIntent('Acme renewal', { ...intent, generation: 3 }))).toEqual({
      ...intent,
      generation: 3,
    });
    expect(intentOfReference('Acme renewal')).toBeUndefined();
    expect(intentOfReference(undefined)).toBeUndefined();
  });

  it('keys a write by the intent, the kind of write and the request, never by time', () => {
    const key = intentIdempotencyKey(intent, 'invoice', request);
    expect(key).toBe(intentIdempotencyKey({ ...intent }, 'invoice', structuredClone(request)));
    expect(key).toMatch(/^ledgerbridge-7Q3KX2MN9PAB-1-invoice-[a-z0-9]+$/);
    expect(key.length).toBeLessThanOrEqual(128);
    const others = [
      intentIdempotencyKey({ ...intent, generation: 2 }, 'invoice', request),
      intentIdempotencyKey({ ...intent, intentId: 'ZZZZZZZZZZZZ' }, 'invoice', request),
      intentIdempotencyKey(intent, 'contact', request),
      intentIdempotencyKey(intent, 'invoice', { ...request, contact: 'c-2' }),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });

  it('fingerprints equal values alike and different ones apart', () => {
    expect(fingerprint({ a: 1, b: [2, 3] })).toBe(fingerprint({ a: 1, b: [2, 3] }));
    expect(fingerprint({ a: 1, b: [2, 3] })).not.toBe(fingerprint({ a: 1, b: [3, 2] }));
    expect(fingerprint(undefined)).toBe(fingerprint(undefined));
  });
});
