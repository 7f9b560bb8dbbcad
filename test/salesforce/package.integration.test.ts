import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { transformSync } from '@lwc/compiler';
import { XMLParser } from 'fast-xml-parser';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const LWC = path.join(ROOT, 'force-app/main/default/lwc');
// Every bundle (a folder with its .js-meta.xml), whatever it is written in.
const COMPONENTS = readdirSync(LWC).filter((name) => existsSync(path.join(LWC, name, `${name}.js-meta.xml`)));

/**
 * The Salesforce package as an org receives it from a plain clone: `sf project convert source`
 * offline into Metadata API format, with no build step first (the compiled JavaScript is committed,
 * and test/salesforce/lwcBuildFresh.unit.test.ts holds it to the TypeScript). The output must hold
 * every component with its JavaScript (accepted by the LWC compiler the platform runs, with no
 * TypeScript or tests in it), the objects, permission sets, Lightning pages, tabs, app and labels.
 */
describe('the Salesforce package converts for deployment', () => {
  let out: string;
  let home: string;
  let members: Map<string, string[]>;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'lb-sf-home-'));
    out = path.join(mkdtempSync(path.join(tmpdir(), 'lb-mdapi-')), 'mdapi');
    await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/@salesforce/cli/bin/run.js'),
        'project',
        'convert',
        'source',
        '--source-dir',
        'force-app',
        '--output-dir',
        out,
      ],
      {
        cwd: ROOT,
        // sf writes its state under HOME and would phone home for telemetry and updates.
        env: {
          ...process.env,
          HOME: home,
          SF_DISABLE_TELEMETRY: 'true',
          SF_SKIP_NEW_VERSION_CHECK: 'true',
          SF_AUTOUPDATE_DISABLE: 'true',
        },
        timeout: 120_000,
      },
    );
    const manifest = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(
      readFileSync(path.join(out, 'package.xml'), 'utf8'),
    ) as { Package: { types: Array<{ name: string; members: string[] }> } };
    members = new Map(manifest.Package.types.map((t) => [t.name, t.members]));
  }, 180_000);

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('ships every component as JavaScript the LWC compiler accepts, without TypeScript or tests', () => {
    expect(COMPONENTS.length).toBeGreaterThanOrEqual(6);
    expect(members.get('LightningComponentBundle')?.sort()).toEqual([...COMPONENTS].sort());
    for (const name of COMPONENTS) {
      const bundle = path.join(out, 'lwc', name);
      const files = readdirSync(bundle);
      expect(files.filter((f) => f.endsWith('.ts') || f === '__tests__')).toEqual([]);
      expect(files).toContain(`${name}.js`);
      for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.html'))) {
        const source = readFileSync(path.join(bundle, file), 'utf8');
        expect(() => transformSync(source, file, { namespace: 'c', name })).not.toThrow();
      }
    }
    // TypeScript given to the same compiler as JavaScript is refused: the check above means something.
    const ts = readFileSync(
      path.join(LWC, 'ledgerbridgeOpportunityPanel/ledgerbridgeOpportunityPanel.ts'),
      'utf8',
    );
    expect(() =>
      transformSync(ts, 'ledgerbridgeOpportunityPanel.js', {
        namespace: 'c',
        name: 'ledgerbridgeOpportunityPanel',
      }),
    ).toThrow();
  });

  it('holds the objects, permission sets, Lightning pages, tabs, app and Apex', () => {
    expect(members.get('CustomObject')).toEqual(
      expect.arrayContaining([
        'Xero_Invoice__c',
        'Xero_Payment__c',
        'Ledgerbridge_Parity_Finding__c',
        'Ledgerbridge_Parity_Run__c',
        'Ledgerbridge_Sync_Status__c',
        'Ledgerbridge_Settings__c',
      ]),
    );
    expect(members.get('CustomField')).toEqual(
      expect.arrayContaining([
        'Account.Ledgerbridge_Last_Sync__c',
        'Xero_Payment__c.Account__c',
        'Xero_Invoice__c.Line_Summary__c',
        'Ledgerbridge_Parity_Finding__c.Finding_Ref__c',
      ]),
    );
    expect(members.get('PermissionSet')?.sort()).toEqual([
      'Ledgerbridge_Admin',
      'Ledgerbridge_Integration',
      'Ledgerbridge_User',
    ]);
    expect(members.get('FlexiPage')?.sort()).toEqual([
      'Ledgerbridge_Account_Record_Page',
      'Ledgerbridge_Home',
      'Ledgerbridge_Opportunity_Record_Page',
    ]);
    expect(members.get('CustomTab')).toEqual(
      expect.arrayContaining([
        'Ledgerbridge_Home',
        'Xero_Invoice__c',
        'Xero_Payment__c',
        'Ledgerbridge_Parity_Finding__c',
      ]),
    );
    expect(members.get('CustomApplication')).toEqual(['Ledgerbridge']);
    expect(members.get('QuickAction')).toEqual(expect.arrayContaining(['Opportunity.Ledgerbridge_Resync']));
    expect(members.get('CustomLabel')?.length).toBeGreaterThan(0);
    expect(members.get('ApexClass')).toEqual(
      expect.arrayContaining(['LedgerbridgeResync', 'LedgerbridgeResyncTest']),
    );
  });

  it('gives the integration user API access and no org-wide data permissions', () => {
    const xml = readFileSync(path.join(out, 'permissionsets/Ledgerbridge_Integration.permissionset'), 'utf8');
    const set = new XMLParser({ isArray: (name) => name === 'userPermissions' }).parse(xml) as {
      PermissionSet: { userPermissions: Array<{ name: string; enabled: boolean }> };
    };
    const granted = set.PermissionSet.userPermissions.filter((p) => p.enabled).map((p) => p.name);
    expect(granted).toContain('ApiEnabled');
    expect(granted).not.toContain('ModifyAllData');
    expect(granted).not.toContain('ViewAllData');
  });
});
