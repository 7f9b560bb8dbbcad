import type { CanonicalContact, CanonicalInvoice } from '../domain/canonical';
import { dealFromInvoice, qualifies, type DealFromInvoice } from '../domain/invoiceToDeal';
import type { MappingSettings } from '../domain/mappingSettings';

/** A Xero record as fetched: the current state, or gone (deleted/archived away, or never visible). */
export type FetchedXeroRecord =
  | { kind: 'invoice'; invoice: CanonicalInvoice; contact: CanonicalContact | undefined }
  | { kind: 'contact'; contact: CanonicalContact }
  | { kind: 'credit_note'; creditNoteId: string; invoiceIds: string[] }
  | { kind: 'missing'; category: string; resourceId: string };

/** What the CRM side should do for one Xero record; computed purely, applied by an activity. */
export type XeroRecordPlan =
  | {
      kind: 'upsert_deal';
      invoice: CanonicalInvoice;
      contact: CanonicalContact | undefined;
      deal: DealFromInvoice;
      owner: MappingSettings['contactOwner'];
    }
  | { kind: 'upsert_account'; contact: CanonicalContact; owner: MappingSettings['contactOwner'] }
  | { kind: 'skip'; reason: string; subject: { category: string; resourceId: string } }
  /** A credit note changes its invoices' amounts: each invoice's own workflow syncs it. */
  | { kind: 'resync_invoices'; creditNoteId: string; invoiceIds: string[] };

export function planXeroRecord(fetched: FetchedXeroRecord, settings: MappingSettings): XeroRecordPlan {
  switch (fetched.kind) {
    case 'missing':
      return {
        kind: 'skip',
        reason: 'not found in Xero',
        subject: { category: fetched.category, resourceId: fetched.resourceId },
      };
    case 'credit_note':
      return { kind: 'resync_invoices', creditNoteId: fetched.creditNoteId, invoiceIds: fetched.invoiceIds };
    case 'contact':
      return { kind: 'upsert_account', contact: fetched.contact, owner: settings.contactOwner };
    case 'invoice': {
      const verdict = qualifies(fetched.invoice, fetched.contact, settings);
      if (!verdict.qualifies)
        return {
          kind: 'skip',
          reason: verdict.reason,
          subject: { category: 'INVOICE', resourceId: fetched.invoice.xeroInvoiceId },
        };
      return {
        kind: 'upsert_deal',
        invoice: fetched.invoice,
        contact: fetched.contact,
        deal: dealFromInvoice(fetched.invoice, settings),
        owner: settings.contactOwner,
      };
    }
  }
}
