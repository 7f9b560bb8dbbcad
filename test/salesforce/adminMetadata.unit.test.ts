import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  canonicalInvoiceSchema,
  canonicalPaymentSchema,
  invoiceStatuses,
} from '../../workflows/domain/canonical';
import { findingKinds } from '../../workflows/domain/parity/parityFacts';

/**
 * What an admin and a rep get from the package's admin metadata, held against the package's own
 * source: layouts and reports name fields that exist, reports sit on report types that offer their
 * columns, the dashboard shows reports that exist, the record pages are the org default, every field
 * explains itself, and picklists hold every code the worker writes. Each check returns its problems,
 * so each is shown to find one in a doctored copy (the negative controls at the end).
 */
const SRC = path.resolve(__dirname, '../../force-app/main/default');
/**
 * Standard objects' action overrides and compact layout assignments cannot be packaged, so they sit
 * in a source folder outside the package (deployed from source, or done by the admin in an install).
 */
const ORG_DEFAULTS = path.resolve(__dirname, '../../org-defaults/main/default');

type Xml = { [key: string]: XmlValue };
type XmlValue = string | Xml | XmlValue[];
const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, ignoreAttributes: true });
const parse = (file: string, root: string): Xml => {
  const doc = parser.parse(readFileSync(file, 'utf8')) as Xml;
  const node = doc[root];
  return typeof node === 'object' && !Array.isArray(node) ? node : {};
};
const nodes = (n: Xml, key: string): Xml[] =>
  [n[key] ?? []].flat().filter((v): v is Xml => typeof v === 'object' && !Array.isArray(v));
const texts = (n: Xml, key: string): string[] =>
  [n[key] ?? []].flat().filter((v): v is string => typeof v === 'string');
const text = (n: Xml, key: string): string => texts(n, key)[0] ?? '';
const filesIn = (dir: string, suffix: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)) : [];

/** Standard fields the metadata uses (they exist in every org, so not in source). */
const STANDARD: Record<string, string[]> = {
  '*': 'Id Name NAME CreatedById LastModifiedById CreatedDate LastModifiedDate'.split(' '),
  Account: (
    'OwnerId Owner ParentId AccountNumber Type Industry Phone Website AnnualRevenue NumberOfEmployees ' +
    'BillingAddress ShippingAddress Description'
  ).split(' '),
  Opportunity:
    'OwnerId AccountId Type LeadSource CloseDate StageName Probability Amount NextStep Description'.split(
      ' ',
    ),
};
/** A custom object report type's standard columns and the fields they show. */
const CUST_COLUMNS = {
  CUST_ID: 'Id',
  CUST_NAME: 'Name',
  CUST_CREATED_DATE: 'CreatedDate',
  CUST_LAST_UPDATE: 'LastModifiedDate',
};
// The protected custom setting holding the callout secret is not shown to anyone.
const HIDDEN_OBJECTS = ['Ledgerbridge_Callout__c'];

function loadModel() {
  const objects = new Map<string, { meta: Xml; fields: Map<string, Xml>; compact: Set<string> }>();
  for (const name of readdirSync(path.join(SRC, 'objects'))) {
    const dir = path.join(SRC, 'objects', name);
    const metaFile = [dir, path.join(ORG_DEFAULTS, 'objects', name)]
      .map((d) => path.join(d, `${name}.object-meta.xml`))
      .find((f) => existsSync(f));
    const fields = new Map<string, Xml>();
    for (const f of filesIn(path.join(dir, 'fields'), '.field-meta.xml'))
      fields.set(f.replace('.field-meta.xml', ''), parse(path.join(dir, 'fields', f), 'CustomField'));
    const compact = new Set(
      filesIn(path.join(dir, 'compactLayouts'), '.compactLayout-meta.xml').map((f) => f.split('.')[0] ?? ''),
    );
    objects.set(name, { meta: metaFile ? parse(metaFile, 'CustomObject') : {}, fields, compact });
  }
  const dirOf = (type: string, suffix: string, root: string) =>
    new Map(
      filesIn(path.join(SRC, type), suffix).map((f) => [
        f.replace(suffix, ''),
        parse(path.join(SRC, type, f), root),
      ]),
    );
  const reports = new Map<string, Xml>();
  for (const folder of readdirSync(path.join(SRC, 'reports')).filter((f) => !f.endsWith('.xml')))
    for (const [name, r] of dirOf(`reports/${folder}`, '.report-meta.xml', 'Report'))
      reports.set(`${folder}/${name}`, r);
  const dashboards = [...readdirSync(path.join(SRC, 'dashboards'))]
    .filter((f) => !f.endsWith('.xml'))
    .flatMap((folder) => [...dirOf(`dashboards/${folder}`, '.dashboard-meta.xml', 'Dashboard').values()]);
  return {
    objects,
    layouts: dirOf('layouts', '.layout-meta.xml', 'Layout'),
    reportTypes: dirOf('reportTypes', '.reportType-meta.xml', 'ReportType'),
    reports,
    dashboards,
    flexipages: dirOf('flexipages', '.flexipage-meta.xml', 'FlexiPage'),
    app: parse(path.join(SRC, 'applications/Ledgerbridge.app-meta.xml'), 'CustomApplication'),
    userReadable: new Set(
      nodes(
        parse(path.join(SRC, 'permissionsets/Ledgerbridge_User.permissionset-meta.xml'), 'PermissionSet'),
        'fieldPermissions',
      )
        .filter((f) => text(f, 'readable') === 'true')
        .map((f) => text(f, 'field')),
    ),
    quickActions: new Set(
      filesIn(path.join(SRC, 'quickActions'), '.quickAction-meta.xml').map((f) =>
        f.replace('.quickAction-meta.xml', ''),
      ),
    ),
  };
}
type Model = ReturnType<typeof loadModel>;

const hasField = (m: Model, object: string, field: string) =>
  [...(STANDARD['*'] ?? []), ...(STANDARD[object] ?? [])].includes(field) ||
  (m.objects.get(object)?.fields.has(field) ?? false);

/** The child object behind `Parent.Relationship__r` (a lookup or master-detail naming that relationship). */
function childOf(m: Model, parent: string, relationship: string): string | undefined {
  for (const [name, o] of m.objects)
    for (const f of o.fields.values())
      if (text(f, 'referenceTo') === parent && `${text(f, 'relationshipName')}__r` === relationship)
        return name;
  return undefined;
}

function fieldHelpProblems(m: Model): string[] {
  return [...m.objects]
    .filter(([name]) => !HIDDEN_OBJECTS.includes(name))
    .flatMap(([name, o]) =>
      [...o.fields]
        .filter(([, f]) => !text(f, 'inlineHelpText') || !text(f, 'description'))
        .map(([f]) => `${name}.${f} lacks help text or a description`),
    );
}

function layoutProblems(m: Model): string[] {
  const problems: string[] = [];
  for (const [file, layout] of m.layouts) {
    const object = file.slice(0, file.indexOf('-'));
    if (encodeURIComponent(file).replace(/%20/g, ' ') !== file)
      problems.push(`${file}: name needs URL encoding`);
    if (!m.objects.has(object)) problems.push(`${file}: no object ${object}`);
    const sections = nodes(layout, 'layoutSections');
    if (!sections.some((s) => text(s, 'label') === 'Xero')) problems.push(`${file}: no Xero section`);
    for (const item of sections
      .flatMap((s) => nodes(s, 'layoutColumns'))
      .flatMap((c) => nodes(c, 'layoutItems')))
      if (!hasField(m, object, text(item, 'field')))
        problems.push(`${file}: no field ${object}.${text(item, 'field')}`);
    for (const rl of nodes(layout, 'relatedLists')) {
      const [child, lookup] = text(rl, 'relatedList').split('.');
      if (!lookup) continue; // a standard related list
      const field = m.objects.get(child ?? '')?.fields.get(lookup);
      if (!field || text(field, 'referenceTo') !== object)
        problems.push(`${file}: no related list ${text(rl, 'relatedList')}`);
      for (const f of texts(rl, 'fields'))
        if (!hasField(m, child ?? '', f)) problems.push(`${file}: no field ${child}.${f}`);
    }
    for (const a of nodes(layout, 'platformActionList').flatMap((l) => nodes(l, 'platformActionListItems')))
      if (text(a, 'actionType') === 'QuickAction' && !m.quickActions.has(text(a, 'actionName')))
        problems.push(`${file}: no quick action ${text(a, 'actionName')}`);
  }
  for (const [name, o] of m.objects) {
    for (const c of o.compact) {
      const layout = parse(
        path.join(SRC, 'objects', name, 'compactLayouts', `${c}.compactLayout-meta.xml`),
        'CompactLayout',
      );
      for (const f of texts(layout, 'fields'))
        if (!hasField(m, name, f)) problems.push(`${name}.${c}: no field ${f}`);
    }
    // List views: their custom columns and filters (standard columns have their own names, e.g. NAME).
    for (const v of filesIn(path.join(SRC, 'objects', name, 'listViews'), '.listView-meta.xml')) {
      const view = parse(path.join(SRC, 'objects', name, 'listViews', v), 'ListView');
      const used = [...texts(view, 'columns'), ...nodes(view, 'filters').map((f) => text(f, 'field'))];
      for (const f of used.filter((c) => c.endsWith('__c')))
        if (!hasField(m, name, f)) problems.push(`${name}.${v}: no field ${f}`);
    }
    const assigned = text(o.meta, 'compactLayoutAssignment');
    if (assigned && assigned !== 'SYSTEM' && !o.compact.has(assigned))
      problems.push(`${name}: no compact layout ${assigned}`);
  }
  return problems;
}

/** The objects behind a report type's tables: its base object and the child its join reaches. */
function tablesOf(m: Model, type: Xml): Record<string, string | undefined> {
  const base = text(type, 'baseObject');
  const join = nodes(type, 'join')[0];
  if (!join) return { [base]: base };
  return {
    [base]: base,
    [`${base}.${text(join, 'relationship')}`]: childOf(m, base, text(join, 'relationship')),
  };
}

/** The columns a report type offers, as reports name them, each with its object and field. */
function reportColumns(m: Model, reportType: string): Map<string, [string, string]> | undefined {
  const entity = /^CustomEntity\$(\w+)$/.exec(reportType)?.[1];
  if (entity) {
    // A custom object's own report type: its fields as Object.Field__c, its standard ones as CUST_*.
    const o = m.objects.get(entity);
    if (text(o?.meta ?? {}, 'enableReports') !== 'true') return undefined;
    const custom = [...(o?.fields.keys() ?? [])].map((f): [string, [string, string]] => [
      `${entity}.${f}`,
      [entity, f],
    ]);
    return new Map([
      ...custom,
      ...Object.entries(CUST_COLUMNS).map(([c, f]): [string, [string, string]] => [c, [entity, f]]),
    ]);
  }
  const type = m.reportTypes.get(reportType.replace(/__c$/, ''));
  if (!type || !reportType.endsWith('__c')) return undefined;
  const tables = tablesOf(m, type);
  return new Map(
    nodes(type, 'sections')
      .flatMap((s) => nodes(s, 'columns'))
      .map((c) => [
        `${text(c, 'table')}$${text(c, 'field')}`,
        [tables[text(c, 'table')] ?? '', text(c, 'field')],
      ]),
  );
}

/** Every column a report shows, groups, filters or buckets on. */
const columnsUsed = (r: Xml): string[] => [
  ...nodes(r, 'columns').map((c) => text(c, 'field')),
  ...nodes(r, 'groupingsDown').map((g) => text(g, 'field')),
  ...nodes(r, 'filter')
    .flatMap((f) => nodes(f, 'criteriaItems'))
    .map((c) => text(c, 'column')),
  ...nodes(r, 'timeFrameFilter').map((t) => text(t, 'dateColumn')),
  ...nodes(r, 'buckets').map((b) => text(b, 'sourceColumnName')),
];

function reportProblems(m: Model): string[] {
  const problems: string[] = [];
  for (const [name, type] of m.reportTypes) {
    const tables = tablesOf(m, type);
    const join = nodes(type, 'join')[0];
    if (join && Object.values(tables).includes(undefined))
      problems.push(`${name}: ${text(type, 'baseObject')} has no relationship ${text(join, 'relationship')}`);
    for (const c of nodes(type, 'sections').flatMap((s) => nodes(s, 'columns')))
      if (!hasField(m, tables[text(c, 'table')] ?? '', text(c, 'field')))
        problems.push(`${name}: no column ${text(c, 'table')}.${text(c, 'field')}`);
  }
  for (const [name, r] of m.reports) {
    const columns = reportColumns(m, text(r, 'reportType'));
    if (!columns) {
      problems.push(`${name}: no report type ${text(r, 'reportType')}`);
      continue;
    }
    const buckets = nodes(r, 'buckets').map((b) => text(b, 'developerName'));
    const used = columnsUsed(r);
    for (const c of used)
      if (!columns.has(c) && !buckets.includes(c)) problems.push(`${name}: no column ${c}`);
    // Summary formulas name fields as Object.Field:SUM, which must be columns of the report.
    for (const a of nodes(r, 'aggregates'))
      for (const [, ref] of text(a, 'calculatedFormula').matchAll(/([\w$.]+):(?:SUM|AVG|MIN|MAX)/g))
        if (!used.includes(ref ?? '')) problems.push(`${name}: formula names ${ref}, not a column`);
    if (!text(r, 'description')) problems.push(`${name}: no description`);
  }
  return problems;
}

/** Custom fields the reports use that a rep with only the Ledgerbridge_User permission set cannot read. */
function reportAccessProblems(m: Model): string[] {
  const problems = new Set<string>();
  for (const [name, r] of m.reports) {
    const columns = reportColumns(m, text(r, 'reportType'));
    for (const c of columnsUsed(r)) {
      const [object, field] = columns?.get(c) ?? ['', ''];
      // Master-detail fields are readable with their object; they take no field permission.
      const masterDetail = text(m.objects.get(object)?.fields.get(field) ?? {}, 'type') === 'MasterDetail';
      if (field.endsWith('__c') && !masterDetail && !m.userReadable.has(`${object}.${field}`))
        problems.add(`${name}: Ledgerbridge_User cannot read ${object}.${field}`);
    }
  }
  return [...problems];
}

function dashboardProblems(m: Model): string[] {
  const problems: string[] = [];
  for (const d of m.dashboards) {
    if (text(d, 'dashboardType') !== 'LoggedInUser' || text(d, 'runningUser'))
      problems.push(`${text(d, 'title')}: runs as a fixed user`);
    for (const c of nodes(d, 'dashboardGridLayout')
      .flatMap((g) => nodes(g, 'dashboardGridComponents'))
      .flatMap((g) => nodes(g, 'dashboardComponent'))) {
      const report = m.reports.get(text(c, 'report'));
      if (!report) {
        problems.push(`${text(c, 'header')}: no report ${text(c, 'report')}`);
        continue;
      }
      const groupings = nodes(report, 'groupingsDown').map((g) => text(g, 'field'));
      for (const g of texts(c, 'groupingColumn'))
        if (!groupings.includes(g)) problems.push(`${text(c, 'header')}: report not grouped by ${g}`);
      const summaries = [
        ...nodes(report, 'columns').map((col) => text(col, 'field')),
        ...nodes(report, 'aggregates').map((a) => text(a, 'developerName')),
      ];
      for (const s of nodes(c, 'chartSummary'))
        if (!summaries.includes(text(s, 'column')))
          problems.push(`${text(c, 'header')}: report has no ${text(s, 'column')}`);
    }
  }
  return problems;
}

const RECORD_PAGES = {
  Account: 'Ledgerbridge_Account_Record_Page',
  Opportunity: 'Ledgerbridge_Opportunity_Record_Page',
};

function recordPageProblems(m: Model): string[] {
  const problems: string[] = [];
  for (const [object, page] of Object.entries(RECORD_PAGES)) {
    const view = nodes(m.objects.get(object)?.meta ?? {}, 'actionOverrides').find(
      (a) => text(a, 'actionName') === 'View',
    );
    if (
      !view ||
      text(view, 'type') !== 'Flexipage' ||
      text(view, 'formFactor') !== 'Large' ||
      text(view, 'content') !== page
    )
      problems.push(`${object}: ${page} is not the org default`);
    const inApp = nodes(m.app, 'actionOverrides').find((a) => text(a, 'pageOrSobjectType') === object);
    if (inApp && text(inApp, 'content') !== page)
      problems.push(`${object}: the app shows ${text(inApp, 'content')}`);
    const flexipage = m.flexipages.get(page);
    const components = nodes(flexipage ?? {}, 'flexiPageRegions')
      .flatMap((r) => nodes(r, 'itemInstances'))
      .flatMap((i) => nodes(i, 'componentInstance'))
      .map((c) => text(c, 'componentName'));
    if (text(flexipage ?? {}, 'sobjectType') !== object) problems.push(`${page}: not a ${object} page`);
    for (const standard of ['force:highlightsPanel', 'force:detailPanel', 'force:relatedListContainer'])
      if (!components.includes(standard)) problems.push(`${page}: no ${standard}`);
  }
  return problems;
}

/** Picklist values (API name → label) of a field. */
const picklist = (m: Model, object: string, field: string) =>
  new Map(
    nodes(m.objects.get(object)?.fields.get(field) ?? {}, 'valueSet')
      .flatMap((v) => nodes(v, 'valueSetDefinition'))
      .flatMap((d) => nodes(d, 'value'))
      .map((v) => [text(v, 'fullName'), text(v, 'label')]),
  );

/** Codes the worker (and the package's Apex, for the opportunity) writes into each picklist. */
const WRITTEN: Array<[string, string, readonly string[]]> = [
  ['Xero_Invoice__c', 'Status__c', invoiceStatuses],
  ['Xero_Invoice__c', 'Type__c', canonicalInvoiceSchema.shape.type.options],
  ['Xero_Payment__c', 'Status__c', canonicalPaymentSchema.shape.status.options],
  ['Opportunity', 'Xero_Invoice_Status__c', [...invoiceStatuses, 'None', 'Queued', 'Error']],
  ['Ledgerbridge_Parity_Finding__c', 'Kind__c', findingKinds],
  ['Ledgerbridge_Parity_Finding__c', 'Status__c', ['open', 'resolved']],
];

function picklistProblems(m: Model): string[] {
  return WRITTEN.flatMap(([object, field, codes]) => {
    const values = picklist(m, object, field);
    return codes.flatMap((code) => {
      if (!values.has(code)) return [`${object}.${field} lacks ${code}`];
      return /^[A-Z_]+$|_/.test(code) && values.get(code) === code
        ? [`${object}.${field} shows ${code} raw`]
        : [];
    });
  });
}

describe('the Salesforce admin metadata', () => {
  const model = loadModel();

  it('explains every field with help text and a description', () =>
    expect(fieldHelpProblems(model)).toEqual([]));
  it('lays out fields, related lists, list views and actions that exist, with a Xero section', () => {
    expect(model.layouts.size).toBe(4);
    expect(layoutProblems(model)).toEqual([]);
  });
  it('builds reports on report types that offer their columns', () => {
    expect([...model.reports.keys()].sort()).toEqual([
      'Ledgerbridge/AR_Ageing',
      'Ledgerbridge/DSO_Last_90_Days',
      'Ledgerbridge/Overdue_by_Account_Owner',
    ]);
    expect(reportProblems(model)).toEqual([]);
  });
  it('lets a rep with the User permission set read every field the reports use', () =>
    expect(reportAccessProblems(model)).toEqual([]));
  it('shows existing reports on a dashboard that runs as its viewer', () => {
    expect(model.dashboards).toHaveLength(1);
    expect(dashboardProblems(model)).toEqual([]);
  });
  it('makes the record pages the org default, with the standard detail and related lists', () =>
    expect(recordPageProblems(model)).toEqual([]));
  it("keeps standard objects' overrides out of the package, which Salesforce would refuse to version", () => {
    const standard = readdirSync(path.join(SRC, 'objects')).filter((name) => !name.includes('__'));
    expect(
      standard.filter((name) => existsSync(path.join(SRC, 'objects', name, `${name}.object-meta.xml`))),
    ).toEqual([]);
  });
  it('labels every code the worker writes, so none is rejected or shown raw', () =>
    expect(picklistProblems(model)).toEqual([]));

  describe('each check finds a problem planted in a copy', () => {
    const doctored = (change: (m: Model) => void): Model => {
      const m = loadModel();
      change(m);
      return m;
    };
    const field = (m: Model, object: string, name: string): Xml =>
      m.objects.get(object)?.fields.get(name) ?? {};
    const entry = (m: Model, key: 'layouts' | 'reports' | 'flexipages', name: string): Xml =>
      m[key].get(name) ?? {};

    it('a field without help text', () =>
      expect(
        fieldHelpProblems(doctored((m) => delete field(m, 'Xero_Invoice__c', 'Total__c').inlineHelpText)),
      ).toContain('Xero_Invoice__c.Total__c lacks help text or a description'));
    it('a layout naming a field that does not exist, and a quick action nobody made', () => {
      const problems = layoutProblems(
        doctored((m) => {
          const layout = entry(m, 'layouts', 'Xero_Payment__c-Xero Payment Layout');
          const item =
            nodes(
              nodes(nodes(layout, 'layoutSections')[0] ?? {}, 'layoutColumns')[0] ?? {},
              'layoutItems',
            )[0] ?? {};
          item.field = 'Gone__c';
          m.quickActions.clear();
        }),
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'Xero_Payment__c-Xero Payment Layout: no field Xero_Payment__c.Gone__c',
          'Opportunity-Ledgerbridge Opportunity Layout: no quick action Opportunity.Ledgerbridge_Resync',
        ]),
      );
    });
    it('a report column its report type does not offer, and a renamed relationship', () => {
      const problems = reportProblems(
        doctored((m) => {
          const columns = nodes(entry(m, 'reports', 'Ledgerbridge/AR_Ageing'), 'columns');
          if (columns[0]) columns[0].field = 'Account$Gone__c';
          field(m, 'Xero_Payment__c', 'Account__c').relationshipName = 'Payments_Renamed';
        }),
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'Ledgerbridge/AR_Ageing: no column Account$Gone__c',
          'Accounts_with_Xero_Payments: Account has no relationship Xero_Payments__r',
        ]),
      );
    });
    it('a report field the User permission set does not grant', () =>
      expect(
        reportAccessProblems(doctored((m) => m.userReadable.delete('Xero_Invoice__c.Amount_Due__c'))),
      ).toContain('Ledgerbridge/AR_Ageing: Ledgerbridge_User cannot read Xero_Invoice__c.Amount_Due__c'));
    it('a dashboard component on a report that does not exist', () =>
      expect(dashboardProblems(doctored((m) => m.reports.delete('Ledgerbridge/DSO_Last_90_Days')))).toEqual([
        'DSO (last 90 days): no report Ledgerbridge/DSO_Last_90_Days',
      ]));
    it('a record page that is only the app default', () =>
      expect(
        recordPageProblems(doctored((m) => delete (m.objects.get('Account')?.meta ?? {}).actionOverrides)),
      ).toEqual(['Account: Ledgerbridge_Account_Record_Page is not the org default']));
    it('a code the worker writes missing from its picklist', () =>
      expect(
        picklistProblems(
          doctored((m) => {
            const definition =
              nodes(
                nodes(field(m, 'Xero_Invoice__c', 'Status__c'), 'valueSet')[0] ?? {},
                'valueSetDefinition',
              )[0] ?? {};
            definition.value = nodes(definition, 'value').slice(1);
          }),
        ),
      ).toEqual(['Xero_Invoice__c.Status__c lacks DRAFT']));
  });
});
