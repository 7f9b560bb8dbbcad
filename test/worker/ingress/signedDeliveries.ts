import { hubspotSignatureV3 } from '../../../worker/webhooks/hubspotSignature';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { xeroSignature } from '../../../worker/webhooks/xeroSignature';
import type { TEST_SECRETS } from './appIngress';

export type WebhookVendor = 'xero' | 'hubspot' | 'salesforce';

/** The headers each vendor signs a webhook delivery of `body` with, as the real senders do. */
export function signedHeaders(
  vendor: WebhookVendor,
  body: string | Buffer,
  secrets: typeof TEST_SECRETS,
  publicUrl: string,
  now = Date.now(),
): Array<[string, string]> {
  const text = Buffer.from(body).toString('utf8');
  switch (vendor) {
    case 'xero':
      return [['x-xero-signature', xeroSignature(Buffer.from(body), secrets.xeroWebhookKey)]];
    case 'hubspot': {
      const timestamp = String(now);
      const signature = hubspotSignatureV3({
        clientSecret: secrets.hubspotClientSecret,
        method: 'POST',
        uri: `${publicUrl}/webhooks/hubspot`,
        body: text,
        timestamp,
      });
      return [
        ['x-hubspot-signature-v3', signature],
        ['x-hubspot-request-timestamp', timestamp],
      ];
    }
    case 'salesforce': {
      const timestamp = String(Math.floor(now / 1000));
      return [
        ['x-ledgerbridge-signature', signSalesforceCallout(secrets.salesforceCalloutSecret, timestamp, text)],
        ['x-ledgerbridge-timestamp', timestamp],
      ];
    }
  }
}

/** A valid delivery of each vendor, with record IDs of the given seed. */
export function validBody(vendor: WebhookVendor, seed = 1): string {
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  switch (vendor) {
    case 'xero':
      return JSON.stringify({
        events: [xeroEvent(uuid(seed), uuid(999))],
        firstEventSequence: 1,
        lastEventSequence: 1,
        entropy: 'ABCDEFGHIJ',
      });
    case 'hubspot':
      return JSON.stringify([
        {
          eventId: seed,
          portalId: 606060,
          occurredAt: 1_700_000_000_000,
          subscriptionType: 'deal.propertyChange',
          objectId: 1000 + seed,
          propertyName: 'dealstage',
          propertyValue: 'closedwon',
        },
      ]);
    case 'salesforce':
      return JSON.stringify({
        orgId: '00D000000000001EAA',
        sobject: 'Opportunity',
        recordId: `006${String(seed).padStart(15, '0')}`,
        stageName: 'Closed Won',
        systemModstamp: '2026-01-01T00:00:00.000Z',
        eventId: `evt-${seed}`,
      });
  }
}

export function xeroEvent(
  resourceId: string,
  tenantId: string,
  overrides: { eventType?: string; eventCategory?: string } = {},
) {
  return {
    resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
    resourceId,
    eventDateUtc: '2026-01-01T10:00:00.000',
    eventType: overrides.eventType ?? 'UPDATE',
    eventCategory: overrides.eventCategory ?? 'INVOICE',
    tenantId,
    tenantType: 'ORGANISATION',
  };
}
