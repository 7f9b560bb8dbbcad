import { sheetsModeOf } from '../../../worker/auditSheet/sheetsMode';
import { ConfigError, loadConfig } from '../../../worker/config';

const cwd = '/srv/ledgerbridge';
const liveXero = { XERO_CLIENT_ID: 'id', XERO_CLIENT_SECRET: 'secret', LEDGERBRIDGE_ENCRYPTION_KEYS: 'k1:x' };

describe('where audit sheets go (GOOGLE_SHEETS_MODE)', () => {
  it('follows the other vendors when unset: the emulator in the demo, Google once one runs live', () => {
    expect(sheetsModeOf(loadConfig({}, cwd))).toBe('sandbox');
    expect(sheetsModeOf(loadConfig(liveXero, cwd))).toBe('live');
  });

  it('is what GOOGLE_SHEETS_MODE says when set', () => {
    expect(sheetsModeOf(loadConfig({ GOOGLE_SHEETS_MODE: 'live' }, cwd))).toBe('live');
    expect(sheetsModeOf(loadConfig({ ...liveXero, GOOGLE_SHEETS_MODE: 'sandbox' }, cwd))).toBe('sandbox');
  });

  it('refuses any other value, naming the variable', () => {
    expect(() => loadConfig({ GOOGLE_SHEETS_MODE: 'google' }, cwd)).toThrow(ConfigError);
    try {
      loadConfig({ GOOGLE_SHEETS_MODE: 'google' }, cwd);
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toMatch(/GOOGLE_SHEETS_MODE.*sandbox or live/);
    }
  });
});
