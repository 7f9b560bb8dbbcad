import type { Connection } from '../connections/connectionStore';
import type { HubspotRecord } from '../connectors/hubspot/hubspotRecordReader';
import type { Logger } from '../logger';
import { companyCardSchema, type CompanyCard } from './contracts/cardData';
import type { HubspotAppDeps } from './hubspotAppDeps';
import { RecordLinks } from '../sync/recordLinks';
import { lastSyncOf, standingFailure } from './lastSync';
import { theXeroOrganisation } from './portalAccess';
import {
  isXeroId,
  LEDGER_PAGE_SIZE,
  xeroInvoiceLink,
  type ContactLedger,
  type LedgerPages,
} from './xeroLedger';

/**
 * The company card: balances from the company (Xero's own figures for the contact, kept there by
 * the sync), invoices and payments read live from Xero for the linked contact (HubSpot holds no due
 * dates or payments), and the last sync and any standing problem from the audit trail. The linked
 * contact is the one Ledgerbridge linked the company to in this portal's installation (record_links).
 */
export async function companyCardData(
  deps: HubspotAppDeps,
  portal: Connection,
  company: HubspotRecord,
  logger: Logger,
  pages: LedgerPages = { invoices: 1, payments: 1 },
): Promise<CompanyCard> {
  const p = company.properties;
  const shapes = [{ crm: 'hubspot', crmConnectionId: portal.id, crmRecordId: company.id }];
  const problems: string[] = [];
  const standing = await standingFailure(deps.db, shapes);
  if (standing) problems.push(standing);

  // The contact comes from Ledgerbridge's own link for this portal and organisation; the company's
  // `xero_contact_id` is a property any HubSpot user can edit, so it is shown against, never used.
  const organisation = await theXeroOrganisation(deps.connections, portal);
  const link =
    organisation.kind === 'one'
      ? await new RecordLinks(deps.db).findByCrmRecord(
          {
            installationId: portal.installationId,
            crmConnectionId: portal.id,
            xeroTenantId: organisation.connection.externalId,
          },
          'account',
          company.id,
        )
      : undefined;
  const property = p.xero_contact_id || null;
  if (property && !isXeroId(property))
    problems.push(
      'The Xero contact ID on this company is not a Xero ID; Ledgerbridge sets it when it links the company.',
    );
  else if (property && link && property.toLowerCase() !== link.xeroId)
    problems.push(
      'The Xero contact ID on this company is not the contact Ledgerbridge linked it to; the card shows the linked contact.',
    );

  let ledger: ContactLedger | undefined;
  let xero: CompanyCard['xero'] = 'not_linked';
  if (organisation.kind !== 'one') xero = 'not_connected';
  else if (link) {
    try {
      ledger = await deps.ledger.ledger(
        deps.xeroApi(organisation.connection.id),
        organisation.connection.externalId,
        link.xeroId,
        pages,
      );
      xero = 'ok';
    } catch (err) {
      logger.warn({ err, companyId: company.id }, 'company card: Xero could not be read');
      xero = 'unavailable';
      problems.push('Invoices and payments could not be read from Xero just now; try again shortly.');
    }
  }

  const today = new Date(deps.now()).toISOString().slice(0, 10);
  return companyCardSchema.parse({
    companyId: company.id,
    companyName: p.name ?? '',
    xeroContactId: link?.xeroId ?? null,
    outstandingBalance: numberOrNull(p.xero_outstanding_balance),
    overdueAmount: numberOrNull(p.xero_overdue_amount),
    balanceCurrency: ledger?.baseCurrency ?? null,
    invoices: (ledger?.invoices ?? []).map((invoice) => ({
      xeroInvoiceId: invoice.xeroInvoiceId,
      number: invoice.number,
      status: invoice.status,
      dueDate: invoice.dueDate ?? null,
      amountDue: { amount: invoice.amountDue, currency: invoice.currency },
      total: { amount: invoice.total, currency: invoice.currency },
      overdue:
        invoice.status === 'AUTHORISED' &&
        invoice.amountDue > 0 &&
        invoice.dueDate !== undefined &&
        invoice.dueDate < today,
      xeroUrl: xeroInvoiceLink(ledger?.shortCode ?? '', invoice.xeroInvoiceId),
    })),
    payments: (ledger?.payments ?? []).map((payment) => ({
      xeroPaymentId: payment.xeroPaymentId,
      date: payment.date,
      amount: { amount: payment.amount, currency: payment.currency },
      invoiceNumber: payment.invoiceNumber,
      reference: payment.reference,
    })),
    invoicesPage: { page: pages.invoices, pageSize: LEDGER_PAGE_SIZE, total: ledger?.invoiceTotal ?? null },
    paymentsPage: { page: pages.payments, pageSize: LEDGER_PAGE_SIZE, total: ledger?.paymentTotal ?? null },
    xero,
    lastSync: await lastSyncOf(deps.db, shapes),
    problems,
  });
}

/** HubSpot sends every value as a string; an empty one means unset. */
export function numberOrNull(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
