import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hubspotSigningUri, verifyHubSpotV3 } from '../../../worker/webhooks/hubspotSignature';
import { verifyXeroSignature, xeroSignature } from '../../../worker/webhooks/xeroSignature';
import {
  signSalesforceCallout,
  verifySalesforceCallout,
} from '../../../worker/webhooks/salesforceCalloutSignature';

const SPECS = path.resolve(__dirname, '../../../../shared/specs/vectors');
const v3Vectors = z
  .object({
    vectors: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        method: z.string(),
        uri: z.string(),
        body: z.string(),
        timestamp: z.string(),
        expectedSignature: z.string(),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(path.join(SPECS, 'hubspot-signature-v3.json'), 'utf8'))).vectors;

describe('HubSpot v3 signature', () => {
  it('has the shared vectors to check', () => expect(v3Vectors.length).toBeGreaterThanOrEqual(2));

  it.each(v3Vectors.map((v) => [v.id, v] as const))('verifies %s (clock set to the vector)', (_id, v) => {
    const base = {
      clientSecret: v.key,
      method: v.method,
      uri: v.uri,
      rawBody: v.body,
      signature: v.expectedSignature,
      timestamp: v.timestamp,
    };
    expect(verifyHubSpotV3({ ...base, now: Number(v.timestamp) + 1_000 })).toEqual({ ok: true });
    expect(verifyHubSpotV3({ ...base, rawBody: `${v.body} `, now: Number(v.timestamp) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyHubSpotV3({ ...base, clientSecret: 'other', now: Number(v.timestamp) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyHubSpotV3({ ...base, now: Number(v.timestamp) + 5 * 60_000 + 1 })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyHubSpotV3({ ...base, now: Number(v.timestamp) - 6 * 60_000 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('refuses missing or malformed headers', () => {
    const base = { clientSecret: 's', method: 'POST', uri: 'https://x/y', rawBody: '{}', now: 1_000 };
    expect(verifyHubSpotV3({ ...base, signature: undefined, timestamp: '1000' }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...base, signature: 'x', timestamp: '1e3' })).toEqual({
      ok: false,
      reason: 'bad_timestamp',
    });
  });

  it('decodes the characters HubSpot decodes before signing, and only those', () => {
    expect(hubspotSigningUri('https://h/p%3Fa%3Db%2Cc%40d%20e')).toBe('https://h/p?a%3Db,c@d%20e');
  });
});

describe('Xero signature', () => {
  const key = 'webhook-key-from-the-xero-app';
  const body = Buffer.from(
    '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}',
  );

  it('accepts the exact bytes signed with the key, and nothing else', () => {
    const signature = xeroSignature(body, key);
    expect(verifyXeroSignature(body, signature, key)).toBe(true);
    expect(verifyXeroSignature(Buffer.from(`${body.toString()} `), signature, key)).toBe(false);
    expect(verifyXeroSignature(body, signature, 'another-key')).toBe(false);
    expect(verifyXeroSignature(body, undefined, key)).toBe(false);
    expect(verifyXeroSignature(body, signature.slice(0, -2), key)).toBe(false);
  });
});

describe('the Salesforce package callout signature', () => {
  const body = '{"orgId":"00D000000000001EAA","sobject":"Opportunity","recordId":"006000000000001AAA"}';
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const timestamp = String(now / 1000);
  const signature = signSalesforceCallout('s3cret', timestamp, body);

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>", as the Apex notifier computes it', () => {
    expect(signSalesforceCallout('k', '1', '{}')).toBe(
      createHmac('sha256', 'k').update('1.{}').digest('hex'),
    );
  });

  it('verifies a fresh, intact notice and refuses stale, tampered or unsigned ones', () => {
    const check = (over: Partial<Parameters<typeof verifySalesforceCallout>[0]>) =>
      verifySalesforceCallout({
        secret: 's3cret',
        rawBody: Buffer.from(body),
        signature,
        timestamp,
        now,
        ...over,
      });
    expect(check({})).toBe(true);
    expect(check({ now: now + 5 * 60_000 + 1_000 })).toBe(false);
    expect(check({ rawBody: Buffer.from(body.replace('001AAA', '002AAA')) })).toBe(false);
    expect(check({ secret: 'other' })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ timestamp: 'soon' })).toBe(false);
  });
});
