import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { receivablesViewSchema } from '../../../worker/hubspotApp/contracts/receivables';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { registerSalesforceReceivablesRoute } from '../../../worker/ingress/salesforceReceivablesRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { createTestStore } from '../../support/stores';

const DEPLOYMENT_SECRET = 'salesforce-callout-secret-for-receivables-tests';
const NOW = Date.parse('2026-11-20T09:00:00Z');
const ORG_A = '00D000000000001AAA';
const ORG_B = '00D000000000002AAA';
const ORG_UNKNOWN = '00D000000000003AAA';
const USER = '005000000000001AAA';

const figures = (currency: string, over90: number) => ({
  currency,
  current: 100,
  days1to30: 20,
  days31to60: 0,
  days61to90: 0,
  over90,
  outstanding: 120 + over90,
  creditSales90: 900,
  daysSalesOutstanding: 12.5,
});

/** The Salesforce app page's receivables: a signed callout reaches only its own installation's figures. */
describe('Salesforce app page: receivables', () => {
  let store: Store;
  let ingress: Ingress;
  let acme: Installation;
  let globex: Installation;

  beforeEach(async () => {
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
    );
    const installations = new InstallationStore(store.db);
    acme = await installations.ensure({ slug: 'acme' });
    globex = await installations.ensure({ slug: 'globex' });
    for (const [installationId, org] of [
      [acme.id, ORG_A],
      [globex.id, ORG_B],
    ] as const)
      await connections.save({
        installationId,
        vendor: 'salesforce',
        externalId: org,
        displayName: org,
        scopes: [],
        tokens: { accessToken: `token-${org}` },
      });
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: { store, temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() } },
      routes: [
        (server) =>
          registerSalesforceReceivablesRoute(server, {
            connections,
            installations,
            db: store.db,
            deploymentSecret: DEPLOYMENT_SECRET,
            logger: pino({ level: 'silent' }),
            now: () => NOW,
          }),
      ],
    });
  });
  afterEach(async () => {
    await ingress.close();
    await store.close();
  });

  const plant = (installationId: string, asOf: string, rows: object[], overdue: number) =>
    store.db
      .insertInto('receivables_snapshots')
      .values({
        installation_id: installationId,
        as_of: asOf,
        figures: JSON.stringify(rows),
        overdue_invoices: overdue,
        accounts_written: 0,
      })
      .execute();
  const callout = (org: string, secret = salesforceOrgCalloutSecret(DEPLOYMENT_SECRET, org)) => {
    const text = JSON.stringify({ userId: USER });
    const timestamp = String(Math.floor(NOW / 1000));
    return fetch(`${ingress.url}/salesforce/receivables`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ledgerbridge-org': org,
        'x-ledgerbridge-timestamp': timestamp,
        'x-ledgerbridge-signature': signSalesforceCallout(secret, timestamp, text),
      },
      body: text,
    });
  };

  it('before the first nightly run: never_computed', async () => {
    const res = await callout(ORG_A);
    expect(res.status).toBe(200);
    expect(receivablesViewSchema.parse(await res.json()).status).toBe('never_computed');
  });

  it("the newest snapshot of the calling org's installation, never another installation's", async () => {
    await plant(acme.id, '2026-11-18', [figures('GBP', 1)], 1);
    await plant(acme.id, '2026-11-19', [figures('GBP', 500)], 2);
    await plant(globex.id, '2026-11-20', [figures('JPY', 99_999)], 9);
    const res = await callout(ORG_A);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(receivablesViewSchema.parse(JSON.parse(text))).toMatchObject({
      status: 'computed',
      asOf: '2026-11-19',
      overdueInvoices: 2,
      figures: [figures('GBP', 500)],
    });
    expect(text).not.toContain('JPY');
    const other = receivablesViewSchema.parse(await (await callout(ORG_B)).json());
    expect(other).toMatchObject({ asOf: '2026-11-20', figures: [figures('JPY', 99_999)] });
  });

  it('an org not connected: 404; signed with another org’s secret: 401', async () => {
    await plant(acme.id, '2026-11-19', [figures('GBP', 500)], 2);
    expect((await callout(ORG_UNKNOWN)).status).toBe(404);
    const forged = await callout(ORG_B, salesforceOrgCalloutSecret(DEPLOYMENT_SECRET, ORG_A));
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain('GBP');
  });
});
