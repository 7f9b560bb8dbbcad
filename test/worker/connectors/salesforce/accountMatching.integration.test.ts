import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { RefreshService } from '../../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { SalesforceCrm } from '../../../../worker/connectors/salesforce/salesforceCrm';
import { soqlContains, soqlString } from '../../../../worker/connectors/salesforce/soql';
import { SharedPacer } from '../../../../worker/pacing/sharedPacer';
import type { Store } from '../../../../worker/store/store';
import { ReviewQueue } from '../../../../worker/sync/reviewQueue';
import type { CanonicalContact } from '../../../../workflows/domain/canonical';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { createTestStore } from '../../../support/stores';

type Row = Record<string, unknown> & { Id: string; Name: string };

/**
 * Linking a Xero contact to its Salesforce Account through the real connector and the emulator:
 * names with SOQL's special characters are found as written, and an existing Account is linked
 * rather than a duplicate created.
 */
describe('Salesforce account matching', () => {
  let h: SalesforceHarness;
  let store: Store;
  let crm: SalesforceCrm;

  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 0, opportunities: 0 } });
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
    );
    const connection = await connections.save({
      vendor: 'salesforce',
      externalId: h.org.orgId,
      displayName: 'Matching org',
      scopes: ['api'],
      settings: { instanceUrl: h.conn.instanceUrl },
      tokens: { accessToken: h.conn.accessToken as string },
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => ({
        refresh: () => Promise.reject(new Error('the test session does not expire')),
      }),
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    const pacer = new SharedPacer(store.db, () => ({
      limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
      concurrency: 5,
    }));
    crm = new SalesforceCrm({ connection, connections, refresh, pacer, reviews: new ReviewQueue(store.db) });
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });

  const contact = (name: string): CanonicalContact => ({
    xeroContactId: randomUUID(),
    name,
    groups: [],
    isCustomer: true,
    status: 'ACTIVE',
    receivable: { outstanding: 0, overdue: 0 },
    updatedAt: '2026-11-01T10:00:00Z',
  });
  const accountsNamed = async (name: string) =>
    (
      await h.conn.query<Row>(
        `SELECT Id, Name, Xero_Contact_ID__c FROM Account WHERE Name = ${soqlString(name)}`,
      )
    ).records;

  it('builds LIKE patterns whose %, _, quote and backslash match themselves', async () => {
    await h.conn
      .sobject('Account')
      .create([{ Name: '100%_Co' }, { Name: '100ab_Co' }, { Name: "Bob's \\ BBQ" }, { Name: 'Bobs  BBQ' }]);
    const like = async (value: string) =>
      (
        await h.conn.query<Row>(`SELECT Name FROM Account WHERE Name LIKE ${soqlContains(value)}`)
      ).records.map((r) => r.Name);
    expect(await like('100%_Co')).toEqual(['100%_Co']);
    expect(await like('%_C')).toEqual(['100%_Co']);
    expect(await like("Bob's \\ B")).toEqual(["Bob's \\ BBQ"]);
  });

  it('links 100%_Co to its existing Account instead of creating a second one', async () => {
    const [existing] = await accountsNamed('100%_Co');
    const outcome = await crm.upsertAccount(
      { kind: 'upsert_account', contact: contact('100%_Co'), owner: 'xero' },
      { xeroTenantId: 'tenant' },
    );
    expect(outcome).toMatchObject({ kind: 'linked', rule: 'name', result: { recordId: existing?.Id } });
    expect(await accountsNamed('100%_Co')).toHaveLength(1);
  });

  it('finds the Account among more accounts sharing a common word than one search returns', async () => {
    const crowd = Array.from({ length: 210 }, (_, i) => ({ Name: `The Other Firm ${i}` }));
    for (let i = 0; i < crowd.length; i += 200)
      await h.conn.sobject('Account').create(crowd.slice(i, i + 200));
    await h.conn.sobject('Account').create({ Name: 'The Best Co' });
    const [existing] = await accountsNamed('The Best Co');

    const outcome = await crm.upsertAccount(
      { kind: 'upsert_account', contact: contact('The Best Co'), owner: 'xero' },
      { xeroTenantId: 'tenant' },
    );
    expect(outcome).toMatchObject({ kind: 'linked', rule: 'name', result: { recordId: existing?.Id } });
    expect(await accountsNamed('The Best Co')).toHaveLength(1);
  });
});
