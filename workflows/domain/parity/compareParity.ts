import { qualifies } from '../invoiceToDeal';
import type { MappingSettings } from '../mappingSettings';
import type {
  CrmAccountFacts,
  CrmDealFacts,
  ParityFinding,
  XeroContactFacts,
  XeroInvoiceFacts,
} from './parityFacts';
import {
  defaultTolerance,
  sameAmount,
  sameCalendarDate,
  showAmount,
  type ParityTolerance,
} from './sameValue';

/** Everything both sides hold under one Xero invoice ID (or, with no ID, one unlinked CRM deal). */
export interface InvoiceGroup {
  xero?: XeroInvoiceFacts;
  /** CRM deals carrying this Xero invoice ID. */
  crm: CrmDealFacts[];
}

export interface ContactGroup {
  xero?: XeroContactFacts;
  crm: CrmAccountFacts[];
}

export interface CompareOptions {
  settings: MappingSettings;
  tolerance?: ParityTolerance;
}

const invoiceLabel = (i: XeroInvoiceFacts) => `${i.number || '(no number)'} (${i.id})`;

/**
 * The findings for one invoice ID, pure. A Xero invoice the mapping rules exclude is expected to
 * be absent from the CRM; a CRM link to an invoice Xero does not have is orphaned; two CRM deals
 * linked to one invoice are a duplicate link; a linked pair is compared field by field.
 */
export function compareInvoiceGroup(group: InvoiceGroup, options: CompareOptions): ParityFinding[] {
  const tolerance = options.tolerance ?? defaultTolerance;
  const xero = group.xero;
  if (!xero) {
    return group.crm.map((deal) => ({
      key: `orphaned_link:invoice:${deal.id}`,
      kind: 'orphaned_link',
      entity: 'invoice',
      crm: { id: deal.id, value: deal.xeroInvoiceId },
      message: `CRM deal ${deal.id} ("${deal.name}") links Xero invoice ${deal.xeroInvoiceId}, which Xero does not have.`,
    }));
  }
  const invoice = xero;
  const xeroRef = { id: invoice.id, label: invoiceLabel(invoice) };
  if (group.crm.length === 0) {
    const verdict = qualifies(
      { ...invoice, lines: [{ tracking: invoice.tracking }] },
      { groups: invoice.contactGroups ?? [] },
      options.settings,
    );
    if (!verdict.qualifies) return [];
    return [
      {
        key: `missing_in_crm:invoice:${invoice.id}`,
        kind: 'missing_in_crm',
        entity: 'invoice',
        xero: xeroRef,
        message: `Xero invoice ${invoiceLabel(invoice)} qualifies for the CRM but no CRM deal links it.`,
      },
    ];
  }
  const findings: ParityFinding[] = [];
  if (group.crm.length > 1) {
    const ids = group.crm.map((deal) => deal.id).sort();
    findings.push({
      key: `duplicate_link:invoice:${invoice.id}`,
      kind: 'duplicate_link',
      entity: 'invoice',
      xero: xeroRef,
      crm: { id: ids.join(',') },
      message: `${ids.length} CRM deals (${ids.join(', ')}) link Xero invoice ${invoiceLabel(invoice)}.`,
    });
  }
  for (const crm of group.crm) findings.push(...compareInvoicePair(invoice, crm, tolerance));
  return findings;
}

function compareInvoicePair(
  invoice: XeroInvoiceFacts,
  deal: CrmDealFacts,
  tolerance: ParityTolerance,
): ParityFinding[] {
  const accountXeroContactId = deal.accountXeroContactId;
  const differences: Array<{ field: string; xero: string; crm: string }> = [];
  const amount = (field: string, xeroValue: number, crmValue: number | null | undefined) => {
    if (crmValue === null || crmValue === undefined || !sameAmount(xeroValue, crmValue, tolerance))
      differences.push({
        field,
        xero: showAmount(xeroValue),
        crm: crmValue == null ? '(empty)' : showAmount(crmValue),
      });
  };
  amount('amount', deal.madeInvoice ? invoice.subTotal : invoice.total, deal.amount);
  amount('amount_due', invoice.amountDue, deal.amountDue);
  amount('amount_paid', invoice.amountPaid, deal.amountPaid);
  if (deal.invoiceStatus !== invoice.status)
    differences.push({ field: 'status', xero: invoice.status, crm: deal.invoiceStatus ?? '(empty)' });
  if (deal.currency !== undefined && deal.currency.toUpperCase() !== invoice.currency)
    differences.push({ field: 'currency', xero: invoice.currency, crm: deal.currency });
  if (!deal.closeDate || !sameCalendarDate(invoice.date, deal.closeDate))
    differences.push({ field: 'date', xero: invoice.date, crm: deal.closeDate ?? '(empty)' });
  if (accountXeroContactId !== invoice.contactId)
    differences.push({
      field: 'contact',
      xero: invoice.contactId,
      crm: accountXeroContactId ?? '(no linked account)',
    });
  return differences.map((d) => ({
    key: `field_mismatch:invoice:${invoice.id}:${deal.id}:${d.field}`,
    kind: 'field_mismatch',
    entity: 'invoice',
    field: d.field,
    xero: { id: invoice.id, label: invoiceLabel(invoice), value: d.xero },
    crm: { id: deal.id, value: d.crm },
    message: `${d.field} differs on ${invoiceLabel(invoice)}: Xero ${d.xero}, CRM deal ${deal.id} ${d.crm}.`,
  }));
}

/**
 * A won CRM deal with no Xero invoice, won after the connection (earlier deals were never the
 * flow's to invoice): the CRM-to-Xero flow should have made one.
 */
export function compareUnlinkedDeal(deal: CrmDealFacts, wonSince: string): ParityFinding[] {
  if (!deal.isWon || deal.xeroInvoiceId) return [];
  if (deal.closeDate && deal.closeDate.slice(0, 10) < wonSince.slice(0, 10)) return [];
  return [
    {
      key: `missing_in_xero:invoice:${deal.id}`,
      kind: 'missing_in_xero',
      entity: 'invoice',
      crm: { id: deal.id, value: deal.name },
      message: `CRM deal ${deal.id} ("${deal.name}") is won but has no Xero invoice.`,
    },
  ];
}

/** The findings for one Xero contact ID: its CRM account link, and the name when Xero owns it. */
export function compareContactGroup(group: ContactGroup, options: CompareOptions): ParityFinding[] {
  const xero = group.xero;
  if (!xero) {
    return group.crm.map((account) => ({
      key: `orphaned_link:contact:${account.id}`,
      kind: 'orphaned_link',
      entity: 'contact',
      crm: { id: account.id, value: account.xeroContactId },
      message: `CRM account ${account.id} ("${account.name}") links Xero contact ${account.xeroContactId}, which Xero does not have.`,
    }));
  }
  const xeroRef = { id: xero.id, label: `${xero.name} (${xero.id})` };
  if (group.crm.length === 0) {
    // Xero marks a contact a customer once it has a sales invoice: those belong in the CRM.
    if (!xero.isCustomer || xero.status !== 'ACTIVE') return [];
    return [
      {
        key: `missing_in_crm:contact:${xero.id}`,
        kind: 'missing_in_crm',
        entity: 'contact',
        xero: xeroRef,
        message: `Xero customer ${xeroRef.label} has no linked CRM account.`,
      },
    ];
  }
  const findings: ParityFinding[] = [];
  if (group.crm.length > 1) {
    const ids = group.crm.map((a) => a.id).sort();
    findings.push({
      key: `duplicate_link:contact:${xero.id}`,
      kind: 'duplicate_link',
      entity: 'contact',
      xero: xeroRef,
      crm: { id: ids.join(',') },
      message: `${ids.length} CRM accounts (${ids.join(', ')}) link Xero contact ${xeroRef.label}.`,
    });
  }
  if (options.settings.contactOwner === 'xero') {
    for (const account of group.crm) {
      if (normaliseName(account.name) === normaliseName(xero.name)) continue;
      findings.push({
        key: `field_mismatch:contact:${xero.id}:${account.id}:name`,
        kind: 'field_mismatch',
        entity: 'contact',
        field: 'name',
        xero: { ...xeroRef, value: xero.name },
        crm: { id: account.id, value: account.name },
        message: `name differs on Xero contact ${xeroRef.label}: Xero "${xero.name}", CRM account ${account.id} "${account.name}".`,
      });
    }
  }
  return findings;
}

/** Whitespace and case are presentation, not disagreement. */
function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
