import {
  and,
  condition,
  equals,
  escapeCriteriaValue,
  or,
} from '../../../../worker/connectors/zoho/zohoCriteria';
import { classifyZohoReply } from '../../../../worker/connectors/zoho/zohoErrors';

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
});
const zohoError = (code: string, details: Record<string, unknown> = {}) => ({
  code,
  details,
  message: code.toLowerCase(),
  status: 'error',
});

describe('Zoho criteria builder', () => {
  it('escapes ( ) , and \\ in values, and nothing else', () => {
    expect(escapeCriteriaValue('Smith (UK), Ltd \\ Co: 50%')).toBe('Smith \\(UK\\)\\, Ltd \\\\ Co: 50%');
    expect(escapeCriteriaValue(null)).toBe('null');
    expect(escapeCriteriaValue(12.5)).toBe('12.5');
  });

  it('groups conditions with and/or in Zoho’s parenthesised form', () => {
    expect(
      and(equals('Xero_Contact_ID', 'a,b'), or(equals('Account_Name', 'x)'), equals('Phone', '1'))),
    ).toBe('((Xero_Contact_ID:equals:a\\,b)and((Account_Name:equals:x\\))or(Phone:equals:1)))');
    expect(condition('Amount', 'between', [10, 20])).toBe('(Amount:between:10,20)');
    expect(condition('Stage', 'in', ['Won, finally', 'Lost'])).toBe('(Stage:in:Won\\, finally,Lost)');
  });

  it('refuses a field name that could open a condition of its own', () => {
    expect(() => equals('Name:equals:x)or(Id', 'y')).toThrow(/not a Zoho field API name/);
    expect(() => condition('Amount', 'between', [1])).toThrow(/two values/);
    expect(() => and()).toThrow();
  });
});

describe('Zoho error classification', () => {
  it('reads 429 LIMIT_EXCEEDED as rateLimited until Zoho’s reset time, and 400 LIMIT_EXCEEDED as validation', () => {
    const reset = NOW + 5 * 3600_000;
    const spent = classifyZohoReply(
      reply(429, zohoError('LIMIT_EXCEEDED'), { 'x-ratelimit-reset': String(reset) }),
      NOW,
    );
    expect([spent.kind, spent.details.retryAfterMs]).toEqual(['rateLimited', 5 * 3600_000]);
    expect(spent.message).toContain('retry after 2026-01-31T17:00:00.000Z');
    const overCap = classifyZohoReply(reply(400, zohoError('LIMIT_EXCEEDED', { limit: 100 })), NOW);
    expect(overCap.kind).toBe('validation');
  });

  it('maps codes to kinds whatever the status, and the rest by status', () => {
    const kinds = [
      reply(400, zohoError('INVALID_DATA', { api_name: 'Amount' })),
      reply(400, zohoError('DUPLICATE_DATA')),
      reply(401, zohoError('INVALID_TOKEN')),
      reply(401, zohoError('OAUTH_SCOPE_MISMATCH')),
      reply(429, zohoError('TOO_MANY_REQUESTS'), { 'retry-after': '4' }),
      reply(500, zohoError('INTERNAL_ERROR')),
      reply(502, '<html>bad gateway</html>'),
      reply(404, undefined),
    ].map((r) => classifyZohoReply(r, NOW));
    expect(kinds.map((e) => e.kind)).toEqual([
      'validation',
      'conflict',
      'auth',
      'forbidden',
      'rateLimited',
      'retryable',
      'retryable',
      'notFound',
    ]);
    expect(kinds[0]?.details.fields).toEqual(['Amount']);
    expect(kinds[4]?.details.retryAfterMs).toBe(4_000);
  });
});
