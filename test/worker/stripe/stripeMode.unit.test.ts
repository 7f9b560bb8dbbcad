import { loadConfig } from '../../../worker/config';
import { stripeModeOf } from '../../../worker/connectors/stripe/stripeMode';

const cwd = '/srv/ledgerbridge';
const liveXero = { XERO_CLIENT_ID: 'id', XERO_CLIENT_SECRET: 'secret', LEDGERBRIDGE_ENCRYPTION_KEYS: 'k1:x' };

describe('where Stripe runs', () => {
  it('follows the other vendors: the emulator in the demo, Stripe itself once one runs live', () => {
    expect(stripeModeOf(loadConfig({}, cwd))).toBe('sandbox');
    expect(stripeModeOf(loadConfig(liveXero, cwd))).toBe('live');
  });
});
