import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createSalesforceEmulator } from '../../../sandbox/salesforce';
import { DEFAULT_OBJECTS_DIR } from '../../../sandbox/salesforce/metadata';

/**
 * The emulated org has the schema the package deploys: every custom object and field under
 * force-app/main/default/objects is loaded (a field type the loader does not know fails here), with
 * the external IDs, picklists and lookups the worker and the components rely on.
 */
describe('the Salesforce emulator loads the package metadata', () => {
  const emulator = createSalesforceEmulator();
  const folders = readdirSync(DEFAULT_OBJECTS_DIR);
  const fieldFiles = (folder: string) => {
    const dir = path.join(DEFAULT_OBJECTS_DIR, folder, 'fields');
    return existsSync(dir) ? readdirSync(dir).map((f) => f.replace('.field-meta.xml', '')) : [];
  };

  it('has every custom object and every field of the package', () => {
    expect(emulator.packageMetadata.objects.sort()).toEqual(folders.filter((f) => f.endsWith('__c')).sort());
    for (const folder of folders)
      for (const field of fieldFiles(folder)) expect(emulator.schema.field(folder, field)?.name).toBe(field);
  });

  it('keeps the parity finding contract: a unique external key and the kinds parity writes', () => {
    const key = emulator.schema.field('Ledgerbridge_Parity_Finding__c', 'Finding_Ref__c');
    expect(key).toMatchObject({ type: 'string', length: 255, externalId: true, unique: true });
    expect(
      emulator.schema.field('Ledgerbridge_Parity_Finding__c', 'Kind__c')?.picklistValues?.map((v) => v.value),
    ).toEqual(
      expect.arrayContaining([
        'missing_in_crm',
        'missing_in_xero',
        'orphaned_link',
        'duplicate_link',
        'field_mismatch',
      ]),
    );
    expect(emulator.schema.field('Ledgerbridge_Parity_Finding__c', 'Status__c')).toMatchObject({
      restrictedPicklist: true,
      defaultValue: 'open',
    });
    expect(emulator.schema.field('Ledgerbridge_Parity_Run__c', 'Run_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    expect(emulator.schema.field('Ledgerbridge_Sync_Status__c', 'Last_Error__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
    });
  });

  it('relates payments to their account and invoices, as the Account panel reads them', () => {
    const children = emulator.schema.childRelationships('Account').map((c) => c.relationshipName);
    expect(children).toEqual(expect.arrayContaining(['Xero_Invoices__r', 'Xero_Payments__r']));
    expect(emulator.schema.field('Xero_Payment__c', 'Invoice__c')).toMatchObject({
      type: 'reference',
      nillable: false,
      cascadeDelete: true,
    });
  });
});
