import { amountDue } from '../sandbox/xero/serialize';
import type { ChaosVendors } from './chaosSandbox';
import type { WonDeal } from './chaosDeals';

/**
 * bench:chaos's verdict, read from the vendors' own state (never from Ledgerbridge's store):
 * - lost: a Xero contact or qualifying invoice missing from a CRM, or there but stale (name; amount
 *   due, paid, status), and a won deal without exactly one invoice on it;
 * - duplicate_crm_records: CRM records beyond the first that carry one Xero record's ID (for a
 *   contact, also those named as it without its ID: an account made twice);
 * - duplicate_invoices: Xero invoices beyond the first made from one deal.
 */
export interface ChaosTally {
  xeroContacts: number;
  xeroInvoices: number;
  wonDeals: number;
  lost: number;
  duplicateCrmRecords: number;
  duplicateInvoices: number;
  /** What was lost or doubled, by reason, with a few IDs of each to look up. */
  findings: Record<string, { count: number; examples: string[] }>;
}

/** The statuses that qualify under the default mapping settings. */
const SYNCED_STATUSES = new Set(['AUTHORISED', 'PAID', 'VOIDED']);

export function tallyChaos(vendors: ChaosVendors, deals: readonly WonDeal[]): ChaosTally {
  const findings: ChaosTally['findings'] = {};
  const note = (reason: string, id: string, n = 1) => {
    const finding = (findings[reason] ??= { count: 0, examples: [] });
    finding.count += n;
    if (finding.examples.length < 5) finding.examples.push(id);
  };
  const sf = vendors.salesforce.store;
  const hs = vendors.hubspot.portal(vendors.portalId);
  const byField = (type: string, field: string) => groupBy(sf.all(type), (r) => r.fields[field]);
  const sfAccounts = byField('Account', 'Xero_Contact_ID__c');
  const sfDeals = byField('Opportunity', 'Xero_Invoice_ID__c');
  const hsCompanies = groupBy(hs.live('companies'), (r) => r.properties.xero_contact_id);
  const hsDeals = groupBy(hs.live('deals'), (r) => r.properties.xero_invoice_id);
  const sfAccountsByName = byField('Account', 'Name');
  const hsCompaniesByName = groupBy(hs.live('companies'), (r) => r.properties.name);
  let lost = 0;
  let duplicateCrmRecords = 0;
  const doubled = (reason: string, id: string, records: readonly unknown[] | undefined) => {
    const extra = Math.max(0, (records?.length ?? 0) - 1);
    if (extra > 0) note(reason, id, extra);
    duplicateCrmRecords += extra;
  };
  const union = <T>(a: T[] = [], b: T[] = []) => [...new Set([...a, ...b])];
  // A record counts as lost once, whatever the CRMs it is missing from or stale in.
  const check = (id: string, problems: Array<[string, boolean]>) => {
    const found = problems.filter(([, bad]) => bad);
    for (const [reason] of found) note(reason, id);
    if (found.length > 0) lost++;
  };

  const contacts = vendors.xero.store.contactsOf(vendors.tenantId).filter((c) => c.status === 'ACTIVE');
  for (const c of contacts) {
    const [account] = sfAccounts.get(c.id) ?? [];
    const [company] = hsCompanies.get(c.id) ?? [];
    check(c.id, [
      ['contact missing in Salesforce', !account],
      ['contact missing in HubSpot', !company],
      ['contact name stale in Salesforce', account !== undefined && account.fields.Name !== c.name],
      ['contact name stale in HubSpot', company !== undefined && company.properties.name !== c.name],
    ]);
    // Linked, or not linked but named as the contact: a second account made for it either way.
    doubled(
      'contact in several Salesforce accounts',
      c.id,
      union(sfAccounts.get(c.id), sfAccountsByName.get(c.name)),
    );
    doubled(
      'contact in several HubSpot companies',
      c.id,
      union(hsCompanies.get(c.id), hsCompaniesByName.get(c.name)),
    );
  }

  const invoices = vendors.xero.store
    .invoicesOf(vendors.tenantId)
    .filter((i) => i.type === 'ACCREC' && SYNCED_STATUSES.has(i.status));
  const same = (a: unknown, b: number) => Math.abs(Number(a) - b) < 0.005;
  for (const i of invoices) {
    const [opp] = sfDeals.get(i.id) ?? [];
    const [deal] = hsDeals.get(i.id) ?? [];
    const stale = (fields: Record<string, unknown> | undefined, [due, paid, status]: string[]) =>
      fields !== undefined &&
      !(
        same(fields[due ?? ''], amountDue(i)) &&
        same(fields[paid ?? ''], i.amountPaid) &&
        fields[status ?? ''] === i.status
      );
    check(i.id, [
      ['invoice missing in Salesforce', !opp],
      ['invoice missing in HubSpot', !deal],
      [
        'invoice stale in Salesforce',
        stale(opp?.fields, ['Xero_Amount_Due__c', 'Xero_Amount_Paid__c', 'Xero_Invoice_Status__c']),
      ],
      [
        'invoice stale in HubSpot',
        stale(deal?.properties, ['xero_amount_due', 'xero_amount_paid', 'xero_invoice_status']),
      ],
    ]);
    doubled('invoice in several Salesforce opportunities', i.id, sfDeals.get(i.id));
    doubled('invoice in several HubSpot deals', i.id, hsDeals.get(i.id));
  }
  const sfInvoiceRecords = byField('Xero_Invoice__c', 'Xero_Invoice_ID__c');
  for (const [id, records] of sfInvoiceRecords) doubled('invoice in several Xero_Invoice__c', id, records);
  const sfPayments = byField('Xero_Payment__c', 'Xero_Payment_ID__c');
  for (const [id, records] of sfPayments) doubled('payment in several Xero_Payment__c', id, records);

  // The invoice's reference is the deal's name, perhaps followed by the worker's " [marker]".
  const byReference = groupBy(vendors.xero.store.invoicesOf(vendors.tenantId), (i) =>
    i.reference?.replace(/ \[[^\]]*\]$/, ''),
  );
  let duplicateInvoices = 0;
  for (const d of deals) {
    const made = byReference.get(d.name) ?? [];
    const onDeal =
      d.crm === 'salesforce'
        ? sf.get(d.dealId)?.fields.Xero_Invoice_ID__c
        : hs.find('deals', d.dealId)?.properties.xero_invoice_id;
    // What the worker wrote on the deal when it could not invoice it, to say why in the example.
    const problem =
      d.crm === 'salesforce'
        ? sf.get(d.dealId)?.fields.Ledgerbridge_Sync_Problem__c
        : hs.find('deals', d.dealId)?.properties.ledgerbridge_sync_problem;
    const shown = vendors.xero.store.invoices.get(String(onDeal ?? ''));
    const why = problem
      ? ` (problem: ${String(problem).slice(0, 200)})`
      : shown
        ? ` (shows ${shown.number}, reference "${shown.reference ?? ''}")`
        : '';
    check(`${d.crm}:${d.dealId} "${d.name}"${why}`, [
      [`won ${d.crm} deal without an invoice`, made.length === 0],
      [`won ${d.crm} deal does not show its invoice`, made.length > 0 && !made.some((i) => i.id === onDeal)],
    ]);
    if (made.length > 1)
      note(`won ${d.crm} deal with several invoices`, `${d.crm}:${d.dealId}`, made.length - 1);
    duplicateInvoices += Math.max(0, made.length - 1);
  }
  return {
    xeroContacts: contacts.length,
    xeroInvoices: invoices.length,
    wonDeals: deals.length,
    lost,
    duplicateCrmRecords,
    duplicateInvoices,
    findings,
  };
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => unknown): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined || k === null || k === '') continue;
    const list = groups.get(String(k));
    if (list) list.push(item);
    else groups.set(String(k), [item]);
  }
  return groups;
}
