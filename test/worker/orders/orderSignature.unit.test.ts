import { signOrder, verifyOrderSignature } from '../../../worker/orders/orderSignature';

const SECRET = 'order-secret-of-one-installation';
const NOW = 1_900_000_000;
const BODY = '<order><id>WEB-1</id></order>';

describe('order post signatures', () => {
  it('accepts its own signature within the tolerance, and a rolled-over secret among several', () => {
    expect(verifyOrderSignature(SECRET, BODY, signOrder(SECRET, BODY, NOW - 299), NOW)).toEqual({ ok: true });
    const both = `${signOrder('old-secret', BODY, NOW)},v1=${signOrder(SECRET, BODY, NOW).split('v1=')[1]}`;
    expect(verifyOrderSignature(SECRET, BODY, both, NOW)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, an old timestamp, and a missing or garbled header', () => {
    const header = signOrder(SECRET, BODY, NOW);
    expect(verifyOrderSignature(SECRET, `${BODY} `, header, NOW).ok).toBe(false);
    expect(verifyOrderSignature('another', BODY, header, NOW).ok).toBe(false);
    expect(verifyOrderSignature(SECRET, BODY, signOrder(SECRET, BODY, NOW - 301), NOW)).toEqual({
      ok: false,
      reason: 'x-ledgerbridge-signature: timestamp outside 300 s',
    });
    expect(verifyOrderSignature(SECRET, BODY, undefined, NOW)).toEqual({
      ok: false,
      reason: 'x-ledgerbridge-signature: missing',
    });
    expect(verifyOrderSignature(SECRET, BODY, 'v1=zz', NOW).ok).toBe(false);
    expect(verifyOrderSignature(SECRET, BODY, `t=${NOW},v1=abc`, NOW).ok).toBe(false);
  });
});
