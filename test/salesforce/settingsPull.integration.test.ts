import { crmWonPollWorkflow } from '../../workflows/crm/crmWonPoll';
import type { InstallationSettingsInput } from '../../workflows/domain/mappingSettings';
import { MappingSettingsStore } from '../../worker/sync/mappingSettingsStore';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';

/**
 * Mapping settings saved on the Salesforce app page (a Ledgerbridge_Settings__c record) reach the
 * worker: the Salesforce won-deal poll reads the record, validates it with the one settings schema,
 * saves a new version for the org's installation (source salesforce:<orgId>) and answers on the record.
 * Real Temporal worker and jsforce against the Salesforce sandbox.
 */
describe('mapping settings saved in Salesforce', () => {
  let env: ThreeSandboxes;
  let orgId: string;
  let settingsStore: MappingSettingsStore;
  let recordId: string;
  let installationId: string;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 5150, contacts: 2, invoices: 2 });
    orgId = env.salesforce.store.orgId;
    settingsStore = new MappingSettingsStore(env.store.db);
    installationId = (await env.connections.find('salesforce', orgId))!.installationId;
  });
  afterAll(() => env.close());

  let polls = 0;
  const poll = () =>
    env.temporal.client.workflow.execute(crmWonPollWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `settings-pull-test:${orgId}:${++polls}:${Date.now()}`,
      args: [{ crm: 'salesforce' as const, crmAccount: orgId }],
    });
  /** Saves the settings as the app page does (one record, key "default"). */
  async function saveInSalesforce(settings: InstallationSettingsInput | string): Promise<void> {
    const json = typeof settings === 'string' ? settings : JSON.stringify(settings);
    const sobject = env.sf().sobject('Ledgerbridge_Settings__c');
    if (recordId) {
      const r = await sobject.update({ Id: recordId, Settings_JSON__c: json });
      if (!r.success) throw new Error(JSON.stringify(r));
      return;
    }
    const r = await sobject.create({
      Name: 'Ledgerbridge settings',
      Settings_Ref__c: 'default',
      Settings_JSON__c: json,
      Version__c: 1,
    });
    if (!r.success || !r.id) throw new Error(JSON.stringify(r));
    recordId = r.id;
  }
  const workerStatus = async () =>
    String(
      (
        await env
          .sf()
          .query<{ Worker_Status__c: string }>(
            `SELECT Worker_Status__c FROM Ledgerbridge_Settings__c WHERE Id = '${recordId}'`,
          )
      ).records[0]?.Worker_Status__c,
    );

  it("applies valid settings as a new version of the installation's, once", async () => {
    await poll(); // no record yet: nothing to apply
    expect(await settingsStore.current(installationId)).toBeUndefined();

    const own = { defaultAccountCode: '400', taxRates: { VAT20: 'OUTPUT2' } };
    await saveInSalesforce({ organisations: { [env.tenantId]: own } });
    await poll();
    const saved = await settingsStore.current(installationId);
    expect(saved).toMatchObject({
      version: 1,
      source: `salesforce:${orgId}`,
      savedBy: env.salesforce.org().username,
      settings: expect.objectContaining({ organisations: { [env.tenantId]: expect.objectContaining(own) } }),
    });
    expect(await workerStatus()).toMatch(/^Applied as version 1 at /);
    expect(await settingsStore.load(env.tenantId)).toMatchObject(own);

    // Unchanged since: the poll's own status write does not count as a change.
    await poll();
    expect((await settingsStore.current(installationId))?.version).toBe(1);
  });

  it('refuses invalid settings, naming the field, and keeps the applied version', async () => {
    await saveInSalesforce({ invoiceRules: { types: [] }, paymentTermsDays: 400 });
    await poll();
    const status = await workerStatus();
    expect(status).toMatch(/^Refused: /);
    expect(status).toContain('invoiceRules.types: choose at least one invoice type');
    expect(status).toContain('paymentTermsDays: must be at most 365 days');
    expect((await settingsStore.current(installationId))?.version).toBe(1);

    await saveInSalesforce('{not json');
    await poll();
    expect(await workerStatus()).toBe('Refused: Settings_JSON__c is not valid JSON');
  });

  it("refuses routing deals to an organisation that is not the installation's", async () => {
    await saveInSalesforce({ routing: { rules: [], defaultXeroTenantId: 'not-ours' } });
    await poll();
    expect(await workerStatus()).toContain(
      'routing.defaultXeroTenantId: Xero organisation not-ours is not connected to this installation',
    );
    await saveInSalesforce({ routing: { rules: [], defaultXeroTenantId: env.tenantId } });
    await poll();
    expect(await workerStatus()).toMatch(/^Applied as version 2 /);
    expect((await settingsStore.current(installationId))?.settings.routing.defaultXeroTenantId).toBe(
      env.tenantId,
    );
  });
  it('refuses settings in the flat shape the page wrote before, naming the fields to move', async () => {
    await saveInSalesforce(
      JSON.stringify({ taxRates: { VAT20: 'OUTPUT2' }, items: {}, defaultAccountCode: '400' }),
    );
    await poll();
    expect(await workerStatus()).toBe(
      "Refused: taxRates, items, defaultAccountCode: now each Xero organisation's own (under organisations.<tenant ID>): open the Ledgerbridge settings page and save again",
    );
    expect((await settingsStore.current(installationId))?.version).toBe(2);
  });

  it('applies what the settings page saves: organisations, routing rules by currency and field, a default', async () => {
    await saveInSalesforce({
      organisations: {
        [env.tenantId]: { taxRates: { GST: 'OUTPUT' }, items: {}, defaultAccountCode: '4000' },
      },
      routing: {
        rules: [
          { when: { currency: 'AUD' }, xeroTenantId: env.tenantId },
          { when: { field: 'Business_Unit__c', equals: 'APAC' }, xeroTenantId: env.tenantId },
        ],
        defaultXeroTenantId: env.tenantId,
      },
    });
    await poll();
    expect(await workerStatus()).toMatch(/^Applied as version 3 /);
    expect(await settingsStore.load(env.tenantId)).toMatchObject({ defaultAccountCode: '4000' });
  });
});
