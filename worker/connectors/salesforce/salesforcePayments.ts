import type { Connection as JsforceConnection, UpsertResult } from 'jsforce';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import { diffFields } from './salesforceDiff';
import { paymentFields, type Fields } from './salesforceFields';
import { soqlString } from './soql';

const COLLECTION_SIZE = 200;

interface StoredPayment extends Record<string, unknown> {
  Id: string;
  Xero_Payment_ID__c: string;
  Status__c: string | null;
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
      conn
        .query<StoredPayment>(
          `SELECT Id, Xero_Payment_ID__c, Amount__c, Payment_Date__c, Reference__c, Status__c, Account__c FROM Xero_Payment__c WHERE Invoice__c = ${soqlString(invoiceRecordId)}`,
        )
        .then((r) => r.records),
    );
    const byXeroId = new Map(stored.map((p) => [p.Xero_Payment_ID__c.toLowerCase(), p]));
    const live = new Set(invoice.payments.map((p) => p.xeroPaymentId.toLowerCase()));
    const writes: Array<{ xeroId: string; existing: StoredPayment | undefined; fields: Fields }> = [];
    for (const payment of invoice.payments) {
      const existing = byXeroId.get(payment.xeroPaymentId.toLowerCase());
      writes.push({ xeroId: payment.xeroPaymentId, existing, fields: paymentFields(payment, accountId) });
    }
    for (const p of stored)
      if (!live.has(p.Xero_Payment_ID__c.toLowerCase()))
        writes.push({ xeroId: p.Xero_Payment_ID__c, existing: p, fields: { Status__c: 'DELETED' } });

    const changed = writes
      .map((w) => ({ ...w, changes: diffFields(w.existing, w.fields) }))
      .filter((w) => !w.existing || Object.keys(w.changes).length > 0);
    const results: CrmWriteResult[] = [];
    for (let i = 0; i < changed.length; i += COLLECTION_SIZE) {
      const chunk = changed.slice(i, i + COLLECTION_SIZE);
      const records = chunk.map((w) => ({
        ...w.fields,
        Xero_Payment_ID__c: w.xeroId,
        // The master-detail link is set once, on create (it cannot be reparented).
        ...(w.existing ? {} : { Invoice__c: invoiceRecordId }),
      }));
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
