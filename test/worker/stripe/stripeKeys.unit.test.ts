import { keyHint, parseStripeKeys, StripeKeyError } from '../../../worker/connectors/stripe/stripeKeys';

const LIVE_KEY = `rk_live_${'Zx9Yw8Vu'.repeat(3)}`;
const TEST_KEY = `rk_test_${'Zx9Yw8Vu'.repeat(3)}`;
const SECRET = 'whsec_0123456789abcdefABCDEF01';

describe('parseStripeKeys', () => {
  it('takes a live restricted key where Stripe runs live, and either mode in the sandbox', () => {
    expect(parseStripeKeys({ apiKey: LIVE_KEY, webhookSecret: SECRET }, 'live')).toEqual({
      apiKey: LIVE_KEY,
      livemode: true,
      webhookSecret: SECRET,
    });
    expect(parseStripeKeys({ apiKey: ` ${TEST_KEY}\n`, webhookSecret: SECRET }, 'sandbox')).toMatchObject({
      apiKey: TEST_KEY,
      livemode: false,
    });
  });

  it('refuses a test key where Stripe runs live', () => {
    expect(() => parseStripeKeys({ apiKey: TEST_KEY, webhookSecret: SECRET }, 'live')).toThrow(
      /^apiKey: an rk_test_ key/,
    );
  });

  it.each([
    [`sk_live_${'a'.repeat(24)}`, /restricted key/],
    [`pk_test_${'a'.repeat(24)}`, /restricted key/],
    ['rk_live_short', /expected a Stripe restricted key/],
    ['', /expected a Stripe restricted key/],
  ])('refuses %j naming apiKey', (apiKey, message) => {
    const attempt = () => parseStripeKeys({ apiKey, webhookSecret: SECRET }, 'sandbox');
    expect(attempt).toThrow(StripeKeyError);
    expect(attempt).toThrow(/^apiKey: /);
    expect(attempt).toThrow(message);
  });

  it('refuses a webhook secret that is not one, without echoing it', () => {
    const wrong = `${LIVE_KEY}-pasted-into-the-wrong-field`;
    let message = '';
    try {
      parseStripeKeys({ apiKey: LIVE_KEY, webhookSecret: wrong }, 'live');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^webhookSecret: /);
    expect(message).not.toContain(LIVE_KEY);
  });
});

describe('keyHint', () => {
  it('shows the kind, mode and last four characters only', () => {
    expect(keyHint('rk_live_abcdefghijklmnopWXYZ')).toBe('rk_live_…WXYZ');
    expect(keyHint('rk_test_abcdefghijklmnop1234')).toBe('rk_test_…1234');
  });
});
