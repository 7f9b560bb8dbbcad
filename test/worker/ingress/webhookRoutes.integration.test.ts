import { startAppIngress, TEST_SECRETS, type AppIngress } from './appIngress';
import { signedHeaders, validBody, xeroEvent, type WebhookVendor } from './signedDeliveries';

const VENDORS: WebhookVendor[] = ['xero', 'hubspot', 'salesforce'];

/** The three webhooks climb one ladder (signedJsonRoute): verify → parse → validate → hand over. */
describe('signed webhook routes', () => {
  let app: AppIngress;

  beforeAll(async () => {
    app = await startAppIngress();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    app.handedOver.xero.length = 0;
    app.handedOver.deals.length = 0;
  });

  const post = (
    vendor: WebhookVendor,
    body: string,
    headers = signedHeaders(vendor, body, TEST_SECRETS, app.publicUrl),
  ) =>
    fetch(`${app.ingress.url}/webhooks/${vendor}`, {
      method: 'POST',
      headers: [['content-type', 'application/json'], ...headers],
      body,
    });
  const handedOverCount = () => app.handedOver.xero.length + app.handedOver.deals.length;

  it.each(VENDORS)(
    '%s: a valid signed delivery is handed over, then answered 200 with an empty body',
    async (vendor) => {
      const res = await post(vendor, validBody(vendor));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      expect(handedOverCount()).toBe(1);
    },
  );

  it.each(VENDORS)(
    '%s: a bad signature is 401 with an empty body, nothing parsed or handed over',
    async (vendor) => {
      const body = validBody(vendor);
      const forged = signedHeaders(
        vendor,
        body,
        { ...TEST_SECRETS, xeroWebhookKey: 'x', hubspotClientSecret: 'x', salesforceCalloutSecret: 'x' },
        app.publicUrl,
      );
      for (const headers of [forged, []]) {
        const res = await post(vendor, body, headers);
        expect(res.status).toBe(401);
        expect(await res.text()).toBe('');
      }
      // Signed over other bytes than those sent.
      const res = await post(vendor, `${body} `, signedHeaders(vendor, body, TEST_SECRETS, app.publicUrl));
      expect(res.status).toBe(401);
      expect(handedOverCount()).toBe(0);
    },
  );

  it.each(VENDORS)('%s: signed but not JSON is 400 invalid_json', async (vendor) => {
    const res = await post(vendor, '{"events": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_json' });
    expect(handedOverCount()).toBe(0);
  });

  it('a signed payload with a bad field is 400 naming the field', async () => {
    const xero = JSON.stringify({
      events: [{ ...xeroEvent('not-a-uuid', '00000000-0000-4000-8000-000000000999') }],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'x',
    });
    expect(await (await post('xero', xero)).json()).toMatchObject({
      error: 'invalid_body',
      message: expect.stringContaining('events.0.resourceId'),
    });
    const salesforce = JSON.stringify({ ...JSON.parse(validBody('salesforce')), sobject: 'Account' });
    const res = await post('salesforce', salesforce);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('sobject') });
    expect(handedOverCount()).toBe(0);
  });

  it('Xero: an unknown event type or category is skipped, the known events of its batch are handed over', async () => {
    const tenant = '00000000-0000-4000-8000-000000000999';
    const known = '00000000-0000-4000-8000-000000000001';
    const body = JSON.stringify({
      events: [
        xeroEvent('00000000-0000-4000-8000-000000000002', tenant, { eventCategory: 'SUBSCRIPTION' }),
        xeroEvent(known, tenant),
        xeroEvent('00000000-0000-4000-8000-000000000003', tenant, { eventType: 'DELETE' }),
      ],
      firstEventSequence: 1,
      lastEventSequence: 3,
      entropy: 'ABCDEFGHIJ',
    });
    const res = await post('xero', body);
    expect(res.status).toBe(200);
    expect(app.handedOver.xero).toEqual([
      [expect.objectContaining({ resourceId: known, category: 'INVOICE', tenantId: tenant })],
    ]);
  });

  it('Xero: a batch of unknown events only is acknowledged with nothing handed over', async () => {
    const body = JSON.stringify({
      events: [
        xeroEvent('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000999', {
          eventCategory: 'BANKTRANSACTION',
        }),
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'ABCDEFGHIJ',
    });
    expect((await post('xero', body)).status).toBe(200);
    expect(handedOverCount()).toBe(0);
  });

  it('Xero intent-to-receive: an empty signed batch is 200 with an empty body', async () => {
    const body = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: 'ABCDEFGHIJ',
    });
    const res = await post('xero', body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('a route whose secret is not configured is not served', () => {
  let app: AppIngress;

  beforeAll(async () => {
    app = await startAppIngress({
      secrets: {
        xeroWebhookKey: undefined,
        hubspotClientSecret: undefined,
        salesforceCalloutSecret: undefined,
      },
    });
  });
  afterAll(() => app.close());

  it.each([
    ['POST', '/webhooks/xero'],
    ['POST', '/webhooks/hubspot'],
    ['POST', '/webhooks/salesforce'],
    ['GET', '/hubspot/settings'],
    ['GET', '/hubspot/cards/deals/123'],
  ])('%s %s is 404', async (method, path) => {
    const res = await fetch(`${app.ingress.url}${path}`, {
      method,
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    expect(res.status).toBe(404);
  });

  it('the routes that need no vendor secret are still served', async () => {
    expect((await fetch(`${app.ingress.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.ingress.url}/codec/session`)).status).toBe(200);
  });
});
