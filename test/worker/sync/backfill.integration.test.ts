import { xeroBackfillWorkflow } from '../../../workflows';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * The initial load end to end: two pages of Xero invoices into Salesforce and HubSpot through the
 * backfill workflow on Temporal, in batches; running it again changes nothing and duplicates nothing.
 */
describe('Xero backfill into both CRMs', () => {
  let env: ThreeSandboxes;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 9090, contacts: 120, invoices: 1_050 });
  }, 60_000);
  afterAll(() => env.close());

  const run = (suffix: string) =>
    env.temporal.client.workflow.execute(xeroBackfillWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `xero-backfill:${env.tenantId}:${suffix}`,
      args: [{ tenantId: env.tenantId }],
    });

  async function sfCount(soql: string): Promise<number> {
    return (await env.sf().query(soql)).totalSize;
  }
  async function hsDealCount(): Promise<number> {
    const page = await env.hs().crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'xero_invoice_id', operator: 'HAS_PROPERTY' as never }] }],
      limit: 1,
    });
    return page.total;
  }

  it('loads every contact and every qualifying invoice, and a second run changes nothing', async () => {
    const rules = mappingSettingsSchema.parse({}).invoiceRules;
    const invoices = [...env.xero.store.invoices.values()].filter((i) => i.tenantId === env.tenantId);
    const qualifying = invoices.filter(
      (i) => rules.types.includes(i.type) && rules.statuses.includes(i.status),
    );

    const first = await run('1');
    expect(first.stage).toBe('done');
    expect(first.contacts).toMatchObject({ fetched: 120, pagesDone: 1, failed: 0 });
    expect(first.invoices).toMatchObject({
      fetched: 1_050,
      pagesDone: 2,
      qualified: qualifying.length,
      failed: 0,
    });
    // Every contact is an account in each CRM (nothing in the seeded CRMs shares their names).
    expect(first.contacts.written).toBe(240);
    expect(first.invoices.written).toBe(2 * qualifying.length);

    const contactIds = [...env.xero.store.contacts.values()]
      .filter((c) => c.tenantId === env.tenantId)
      .map((c) => c.id);
    const linked = await env
      .sf()
      .query<{ Xero_Contact_ID__c: string }>(
        'SELECT Xero_Contact_ID__c FROM Account WHERE Xero_Contact_ID__c != null',
      );
    const linkedIds = linked.records.map((r) => r.Xero_Contact_ID__c);
    expect(contactIds.filter((id) => !linkedIds.includes(id))).toEqual([]);
    expect(new Set(linkedIds).size).toBe(linkedIds.length);
    // Ledgerbridge's own links (which the cards read): every contact to its account in each CRM.
    const sfAccountOf = new Map(
      (
        await env
          .sf()
          .query<{ Id: string; Xero_Contact_ID__c: string }>(
            'SELECT Id, Xero_Contact_ID__c FROM Account WHERE Xero_Contact_ID__c != null',
          )
      ).records.map((r) => [r.Xero_Contact_ID__c, r.Id]),
    );
    for (const vendor of ['salesforce', 'hubspot'] as const) {
      const crm = (await env.connections.list()).find((c) => c.vendor === vendor)!;
      const rows = await env.store.db
        .selectFrom('record_links')
        .select(['crm_record_id', 'xero_id'])
        .where('crm_connection_id', '=', crm.id)
        .where('crm_object', '=', 'account')
        .execute();
      expect(rows.map((r) => r.xero_id).sort()).toEqual([...contactIds].sort());
      if (vendor === 'salesforce')
        for (const r of rows) expect(r.crm_record_id).toBe(sfAccountOf.get(r.xero_id));
    }
    expect(await sfCount('SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c != null')).toBe(
      qualifying.length,
    );
    expect(await sfCount('SELECT Id FROM Xero_Invoice__c')).toBe(qualifying.length);
    expect(
      await sfCount('SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c != null AND AccountId = null'),
    ).toBe(0);
    expect(await hsDealCount()).toBe(qualifying.length);

    const second = await run('2');
    expect(second.contacts.written).toBe(0); // already linked and named: nothing to write
    expect(await sfCount('SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c != null')).toBe(
      qualifying.length,
    );
    expect(await hsDealCount()).toBe(qualifying.length);

    const audit = await env.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'backfill_page')
      .execute();
    // One row per activity: contacts, then both invoice pages together (up to 5 Xero pages a step).
    expect(audit).toHaveLength(4);
    expect(audit.every((r) => r.outcome === 'succeeded')).toBe(true);
  }, 120_000);
});
