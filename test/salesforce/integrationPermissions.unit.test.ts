import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  PACKAGE_NAMES,
  WORKER_FIELDS,
  WORKER_IMPLIED_OBJECTS,
  WORKER_MASTER_DETAIL_FIELDS,
  WORKER_OBJECTS,
  WORKER_USER_PERMISSIONS,
  WORKER_VIEW_ALL,
} from '../../worker/connectors/salesforce/salesforceSchema';

const ROOT = join(__dirname, '..', '..');
const PERMSETS = join(ROOT, 'force-app/main/default/permissionsets');
const CONNECTOR = join(ROOT, 'worker/connectors/salesforce');

interface ObjectPermission {
  object: string;
  allowRead: boolean;
  allowCreate: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  viewAllRecords: boolean;
  modifyAllRecords: boolean;
}
interface PermissionSet {
  fieldPermissions: Array<{ field: string; readable: boolean; editable: boolean }>;
  objectPermissions: ObjectPermission[];
  userPermissions: Array<{ name: string; enabled: boolean }>;
}

const parser = new XMLParser({
  isArray: (name) => ['fieldPermissions', 'objectPermissions', 'userPermissions'].includes(name),
});
function readPermissionSet(file: string): PermissionSet {
  const parsed = parser.parse(readFileSync(join(PERMSETS, file), 'utf8')) as { PermissionSet: PermissionSet };
  const p = parsed.PermissionSet;
  return {
    fieldPermissions: p.fieldPermissions ?? [],
    objectPermissions: p.objectPermissions ?? [],
    userPermissions: p.userPermissions ?? [],
  };
}

/** What is wrong with the integration user's permission set, against what the worker needs. */
function integrationProblems(p: PermissionSet): string[] {
  const problems: string[] = [];
  const fields = new Map(p.fieldPermissions.map((f) => [f.field, f]));
  for (const [field, access] of Object.entries(WORKER_FIELDS)) {
    const granted = fields.get(field);
    if (!granted?.readable) problems.push(`${field}: not readable`);
    else if (granted.editable !== (access === 'edit'))
      problems.push(`${field}: editable should be ${access === 'edit'}`);
  }
  for (const field of fields.keys())
    if (!(field in WORKER_FIELDS)) problems.push(`${field}: granted but the worker does not use it`);
  const objects = new Map(p.objectPermissions.map((o) => [o.object, o]));
  for (const [object, access] of Object.entries(WORKER_OBJECTS)) {
    const o = objects.get(object);
    if (!o) problems.push(`${object}: no object permission`);
    else if (o.allowRead !== true || o.allowCreate !== access.create || o.allowEdit !== access.edit)
      problems.push(`${object}: read/create/edit should be true/${access.create}/${access.edit}`);
  }
  for (const o of objects.values()) {
    if (!(o.object in WORKER_OBJECTS)) problems.push(`${o.object}: granted but the worker does not use it`);
    if (o.allowDelete) problems.push(`${o.object}: Delete`);
    if (o.modifyAllRecords) problems.push(`${o.object}: Modify All`);
    if (o.viewAllRecords !== WORKER_VIEW_ALL.includes(o.object))
      problems.push(`${o.object}: View All should be ${WORKER_VIEW_ALL.includes(o.object)}`);
  }
  const users = p.userPermissions
    .filter((u) => u.enabled)
    .map((u) => u.name)
    .sort();
  if (users.join() !== [...WORKER_USER_PERMISSIONS].sort().join())
    problems.push(`user permissions: ${users.join()}`);
  return problems;
}

describe('Ledgerbridge_Integration grants exactly what the worker’s Salesforce connector uses', () => {
  it('lists every custom object and field the connector code names', () => {
    const known = new Set([
      ...PACKAGE_NAMES,
      ...Object.keys(WORKER_OBJECTS),
      ...Object.keys(WORKER_IMPLIED_OBJECTS),
    ]);
    const named = new Set<string>();
    for (const file of readdirSync(CONNECTOR).filter(
      (f) => f.endsWith('.ts') && !['salesforceSchema.ts', 'salesforceNamespace.ts'].includes(f),
    ))
      for (const m of readFileSync(join(CONNECTOR, file), 'utf8').matchAll(/\b[A-Za-z][A-Za-z0-9_]*__c\b/g))
        named.add(m[0]);
    expect(named.size).toBeGreaterThan(20);
    expect([...named].filter((n) => !known.has(n))).toEqual([]);
  });

  it('grants the fields and objects the worker reads and writes, no Delete, no Modify All, View All only where listed', () => {
    expect(integrationProblems(readPermissionSet('Ledgerbridge_Integration.permissionset-meta.xml'))).toEqual(
      [],
    );
  });

  it('finds the problems it is there to find (negative control)', () => {
    const p = readPermissionSet('Ledgerbridge_Integration.permissionset-meta.xml');
    const account = p.objectPermissions.find((o) => o.object === 'Account');
    if (account) account.modifyAllRecords = true;
    p.fieldPermissions = p.fieldPermissions.filter((f) => f.field !== 'Opportunity.Xero_Invoice_ID__c');
    p.objectPermissions.push({ ...p.objectPermissions[0]!, object: 'Lead', allowDelete: true });
    expect(integrationProblems(p)).toEqual(
      expect.arrayContaining([
        'Account: Modify All',
        'Opportunity.Xero_Invoice_ID__c: not readable',
        'Lead: granted but the worker does not use it',
        'Lead: Delete',
      ]),
    );
  });

  it('no permission set grants Modify All or Delete, or lists a master-detail field', () => {
    for (const file of readdirSync(PERMSETS)) {
      const p = readPermissionSet(file);
      expect({
        file,
        modifyAll: p.objectPermissions.filter((o) => o.modifyAllRecords || o.allowDelete),
      }).toEqual({ file, modifyAll: [] });
      const masterDetail = p.fieldPermissions.filter((f) => WORKER_MASTER_DETAIL_FIELDS.includes(f.field));
      expect({ file, masterDetail }).toEqual({ file, masterDetail: [] });
    }
  });

  it('lets the reps who close deals run the flow’s callout (Ledgerbridge_User)', () => {
    const xml = readFileSync(join(PERMSETS, 'Ledgerbridge_User.permissionset-meta.xml'), 'utf8');
    expect(xml).toMatch(/<apexClass>LedgerbridgeClosedWonNotifier<\/apexClass>\s*<enabled>true<\/enabled>/);
    expect(xml).toMatch(
      /<enabled>true<\/enabled>\s*<externalCredentialPrincipal>Ledgerbridge_Worker-Ledgerbridge_Worker</,
    );
  });
});
