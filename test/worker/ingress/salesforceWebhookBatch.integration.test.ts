import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { TemporalUnavailableError } from '../../../worker/webhooks/handoverDeadline';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { startAppIngress, TEST_SECRETS, type AppIngress, type DealChanges } from './appIngress';

const ORG = '00D000000000001AAA';
const OTHER_ORG = '00D000000000002AAA';

const notice = (i: number, orgId = ORG) => ({
  reason: 'closed_won',
  orgId,
  sobject: 'Opportunity',
  recordId: `006${String(i).padStart(15, '0')}`,
  stageName: 'Closed Won',
  systemModstamp: '2026-11-18T10:00:00.000+0000',
  eventId: `event-${i}`,
});
const notices = (count: number) => Array.from({ length: count }, (_, i) => notice(i + 1));

/**
 * The package's flow sends every won deal of one invocation in one signed request,
 * `{"notices": [...]}` (LedgerbridgeClosedWonNotifier): each notice is validated, a bad one is named
 * by its index, and every deal is handed to its workflow before the 200, or none is acknowledged.
 */
describe('Salesforce Closed Won notices in one batched request', () => {
  let app: AppIngress;
  let failing: AppIngress;
  const attempted: DealChanges[] = [];
  beforeAll(async () => {
    app = await startAppIngress();
    failing = await startAppIngress({
      dispatchDeal: (changes) => {
        attempted.push(changes);
        return Promise.reject(new TemporalUnavailableError(10));
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await failing.close();
  });

  const post = (target: AppIngress, payload: unknown, signer: { org?: string; secret: string }) => {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(`${target.ingress.url}/webhooks/salesforce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signer.org ? { 'x-ledgerbridge-org': signer.org } : {}),
        'x-ledgerbridge-timestamp': timestamp,
        'x-ledgerbridge-signature': signSalesforceCallout(signer.secret, timestamp, body),
      },
      body,
    });
  };
  const deployment = { secret: TEST_SECRETS.salesforceCalloutSecret };
  const ownSecret = {
    org: ORG,
    secret: salesforceOrgCalloutSecret(TEST_SECRETS.salesforceCalloutSecret, ORG),
  };

  it('hands every deal of the batch over in one dispatch', async () => {
    const before = app.handedOver.deals.length;
    const res = await post(app, { notices: notices(150) }, ownSecret);
    expect(res.status).toBe(200);
    const handed = app.handedOver.deals.slice(before);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.map((d) => d.dealId)).toEqual(notices(150).map((n) => n.recordId));
    expect(handed[0]?.[0]).toEqual({
      crm: 'salesforce',
      crmAccount: ORG,
      dealId: notice(1).recordId,
      source: 'salesforce:event-1',
    });
  });

  it('still takes a single notice (the re-sync button)', async () => {
    const before = app.handedOver.deals.length;
    const res = await post(app, { ...notice(7), reason: 'resync' }, ownSecret);
    expect(res.status).toBe(200);
    expect(
      app.handedOver.deals
        .slice(before)
        .flat()
        .map((d) => d.source),
    ).toEqual(['salesforce-resync:event-7']);
  });

  it('refuses a batch with a bad notice, naming its index and field, and hands nothing over', async () => {
    const before = app.handedOver.deals.length;
    const bad = notices(3);
    bad[2] = { ...notice(3), recordId: '' };
    const res = await post(app, { notices: bad }, deployment);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_body',
      message: expect.stringContaining('notices.2.recordId') as unknown,
    });
    expect(app.handedOver.deals.length).toBe(before);
  });

  it('refuses an empty batch and one past 200 notices', async () => {
    expect((await post(app, { notices: [] }, deployment)).status).toBe(400);
    const tooMany = await post(app, { notices: notices(201) }, deployment);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { message: string }).message).toMatch(/^notices: /);
  });

  it('refuses an org-signed batch that names another org in any notice', async () => {
    const before = app.handedOver.deals.length;
    const mixed = [notice(1), notice(2, OTHER_ORG)];
    expect((await post(app, { notices: mixed }, ownSecret)).status).toBe(401);
    expect(app.handedOver.deals.length).toBe(before);
  });

  it('acknowledges nothing when Temporal does not take the batch (the sender is told to retry)', async () => {
    const res = await post(failing, { notices: notices(2) }, deployment);
    expect(res.status).toBe(503);
    expect(attempted.at(-1)?.map((d) => d.dealId)).toEqual(notices(2).map((n) => n.recordId));
  });
});
