import type { Connection as JsforceConnection, UpsertResult } from 'jsforce';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import { diffFields } from './salesforceDiff';
import { paymentFields, type Fields } from './salesforceFields';
import { soqlString } from './soql';

/** sObject Collections take at most 200 records a request. */
export const PAYMENT_COLLECTION_SIZE = 200;

export interface StoredPayment extends Record<string, unknown> {
  Id: string;
  Xero_Payment_ID__c: string;
  Status__c: string | null;
}

/** The stored payment fields compared with Xero's, by invoice record: the query up to the ID's literal. */
export const STORED_PAYMENTS_SELECT =
  'SELECT Id, Xero_Payment_ID__c, Amount__c, Payment_Date__c, Reference__c, Status__c, Account__c FROM Xero_Payment__c WHERE Invoice__c = ';

export function storedPaymentsQuery(invoiceRecordId: string): string {
  return `${STORED_PAYMENTS_SELECT}${soqlString(invoiceRecordId)}`;
}

export interface PaymentWrite {
  xeroId: string;
  existing: StoredPayment | undefined;
  fields: Fields;
  changes: CrmWriteResult['changes'];
}

/**
 * The payment records to upsert: each live payment that is new or differs, and each stored one
 * that vanished from the invoice (deleted or reversed in Xero), marked DELETED.
 */
export function paymentWrites(
  payments: NonNullable<CanonicalInvoice['payments']>,
  stored: StoredPayment[],
  accountId: string | undefined,
): PaymentWrite[] {
  const byXeroId = new Map(stored.map((p) => [p.Xero_Payment_ID__c.toLowerCase(), p]));
  const live = new Set(payments.map((p) => p.xeroPaymentId.toLowerCase()));
  const writes: Array<Omit<PaymentWrite, 'changes'>> = [];
  for (const payment of payments) {
    const existing = byXeroId.get(payment.xeroPaymentId.toLowerCase());
    writes.push({ xeroId: payment.xeroPaymentId, existing, fields: paymentFields(payment, accountId) });
  }
  for (const p of stored)
    if (!live.has(p.Xero_Payment_ID__c.toLowerCase()))
      writes.push({ xeroId: p.Xero_Payment_ID__c, existing: p, fields: { Status__c: 'DELETED' } });
  return writes
    .map((w) => ({ ...w, changes: diffFields(w.existing, w.fields) }))
    .filter((w) => !w.existing || Object.keys(w.changes).length > 0);
}

/** A payment write as an sObject Collections record (the invoice link is set once, on create). */
export function paymentRecord(write: PaymentWrite, invoiceRecordId: string): Fields {
  return {
    ...write.fields,
    Xero_Payment_ID__c: write.xeroId,
    // The master-detail link cannot be reparented: it is only sent for a new record.
    ...(write.existing ? {} : { Invoice__c: invoiceRecordId }),
  };
}

/**
 * An invoice's payments as Xero_Payment__c records under its Xero_Invoice__c, for the account's
 * payment history: each live payment upserted by Xero_Payment_ID__c, and a payment that vanished
 * from the invoice (deleted or reversed in Xero) kept with Status__c DELETED. One query, then one
 * sObject Collections upsert per 200 changed records; nothing is written when nothing changed.
 */
export class SalesforcePayments {
  constructor(private readonly deps: { call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T> }) {}

  async sync(
    invoice: CanonicalInvoice,
    invoiceRecordId: string,
    accountId: string | undefined,
  ): Promise<CrmWriteResult[]> {
    // Only a single invoice's GET lists its payments; without them there is nothing to compare.
    if (!invoice.payments) return [];
    const stored = await this.deps.call<StoredPayment[]>((conn) =>
      conn.query<StoredPayment>(storedPaymentsQuery(invoiceRecordId)).then((r) => r.records),
    );
    const changed = paymentWrites(invoice.payments, stored, accountId);
    const results: CrmWriteResult[] = [];
    for (let i = 0; i < changed.length; i += PAYMENT_COLLECTION_SIZE) {
      const chunk = changed.slice(i, i + PAYMENT_COLLECTION_SIZE);
      const records = chunk.map((w) => paymentRecord(w, invoiceRecordId));
      const saved: UpsertResult[] = await this.deps.call((conn) =>
        conn.sobject('Xero_Payment__c').upsert(records, 'Xero_Payment_ID__c', { allOrNone: false }),
      );
      saved.forEach((r, k) => {
        const w = chunk[k];
        if (!w) return;
        if (!r.success || !(w.existing?.Id ?? r.id))
          throw new VendorError(
            'validation',
            'salesforce',
            `upsert Xero_Payment__c ${w.xeroId} failed: ${JSON.stringify(r)}`,
          );
        results.push({ recordId: w.existing?.Id ?? r.id ?? '', created: !w.existing, changes: w.changes });
      });
    }
    return results;
  }
}
