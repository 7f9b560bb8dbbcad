import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import type { DealWrite, CrmWriteResult, SyncContext, UpsertDealPlan } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import { composite, subrequestFailure, type Subrequest, type SubResponse } from './salesforceComposite';
import { diffFields } from './salesforceDiff';
import {
  accountFields,
  invoiceRecordFields,
  opportunityFields,
  syncStamp,
  type Fields,
} from './salesforceFields';
import {
  PAYMENT_COLLECTION_SIZE,
  paymentRecord,
  paymentWrites,
  STORED_PAYMENTS_SELECT,
  type StoredPayment,
} from './salesforcePayments';
import { soqlString } from './soql';

type Row = Record<string, unknown> & { Id: string };

const queryBodySchema = z.object({
  records: z.array(z.looseObject({ Id: z.string() })),
});
const saveBodySchema = z.looseObject({ id: z.string(), success: z.literal(true) });
const collectionBodySchema = z.array(
  z.looseObject({ id: z.string().optional(), success: z.boolean(), errors: z.array(z.unknown()).optional() }),
);

/** Reference IDs of the subrequests (also what an audit row's changes would show before the write). */
const REF = {
  account: 'account',
  opportunity: 'opportunity',
  invoiceRecord: 'invoiceRecord',
  payments: 'payments',
  writeAccount: 'writeAccount',
  writeOpportunity: 'writeOpportunity',
  writeInvoiceRecord: 'writeInvoiceRecord',
  writePayments: 'writePayments',
} as const;

const byExternalId = (sobject: string, field: string, value: string, names: string[]) =>
  `SELECT ${[...new Set(['Id', ...names])].join(', ')} FROM ${sobject} WHERE ${field} = ${soqlString(value)} LIMIT 1`;

/** An upsert by the record's Xero_Invoice_ID__c (the Opportunity and Xero_Invoice__c both carry one). */
const upsertByInvoiceId = (
  referenceId: string,
  sobject: string,
  xeroInvoiceId: string,
  body: Fields,
): Subrequest => ({
  referenceId,
  method: 'PATCH',
  path: `/sobjects/${sobject}/Xero_Invoice_ID__c/${encodeURIComponent(xeroInvoiceId)}`,
  body,
});

const query = (referenceId: string, soql: string): Subrequest => ({
  referenceId,
  method: 'GET',
  path: `/query?q=${encodeURIComponent(soql)}`,
});

/**
 * The Xero-to-CRM deal write in its everyday case, in two API calls instead of eight: the account
 * is already linked (its Xero_Contact_ID__c holds the contact). One composite request reads the
 * account, the opportunity, the invoice record and its payments; a second writes, all or none, only
 * what differs, a new record's ID reaching the records under it through @{reference.id}. The
 * results (records, created flags, changed fields) are the step-by-step path's, field for field.
 *
 * Answers undefined, having written nothing, when the everyday case does not apply: no contact, no
 * linked account yet (the match rules must run), an opportunity made by the CRM-to-Xero flow, or
 * more payment changes than one collection takes. The step-by-step path handles those.
 */
export async function writeLinkedDeal(
  deps: {
    call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T>;
    isMultiCurrency(): Promise<boolean>;
    connectionId: string;
  },
  plan: UpsertDealPlan,
  context: SyncContext,
): Promise<DealWrite | undefined> {
  const { contact, deal, invoice } = plan;
  if (!contact || context.originDeal?.crmConnectionId === deps.connectionId) return undefined;
  const currency: Fields = (await deps.isMultiCurrency()) ? { CurrencyIsoCode: deal.currency } : {};
  const accountWanted: Fields = {
    Xero_Contact_ID__c: contact.xeroContactId,
    ...accountFields(contact, plan.owner === 'xero'),
  };
  // Field names only: which values go in depends on the IDs read.
  const oppNames = Object.keys(opportunityFields(deal, 'x', currency));
  const invoiceNames = Object.keys(invoiceRecordFields(invoice, 'x', 'x'));

  const reads: Subrequest[] = [
    query(
      REF.account,
      byExternalId('Account', 'Xero_Contact_ID__c', contact.xeroContactId, Object.keys(accountWanted)),
    ),
    query(REF.opportunity, byExternalId('Opportunity', 'Xero_Invoice_ID__c', deal.xeroInvoiceId, oppNames)),
    query(
      REF.invoiceRecord,
      byExternalId('Xero_Invoice__c', 'Xero_Invoice_ID__c', invoice.xeroInvoiceId, invoiceNames),
    ),
  ];
  if (invoice.payments)
    reads.push({
      referenceId: REF.payments,
      method: 'GET',
      // Salesforce puts the invoice record's ID in before running the query: the reference stays unencoded.
      path: `/query?q=${encodeURIComponent(STORED_PAYMENTS_SELECT)}'@{${REF.invoiceRecord}.records[0].Id}'`,
    });
  const read = await deps.call((conn) => composite(conn, reads, { allOrNone: false }));
  const account = firstRow(read, REF.account);
  if (!account) return undefined;
  const opportunity = firstRow(read, REF.opportunity);
  const invoiceRecord = firstRow(read, REF.invoiceRecord);
  // With no invoice record the payments query has no ID to use (it fails): there are none yet.
  const stored = invoice.payments && invoiceRecord ? (rows(read, REF.payments) as StoredPayment[]) : [];

  const writes: Subrequest[] = [];
  const accountChanges = diffFields(account, accountWanted);
  if (Object.keys(accountChanges).length > 0)
    writes.push({
      referenceId: REF.writeAccount,
      method: 'PATCH',
      path: `/sobjects/Account/${account.Id}`,
      body: { ...accountWanted, ...syncStamp() },
    });

  const oppWanted = opportunityFields(deal, account.Id, currency);
  const oppChanges = diffFields(opportunity, oppWanted);
  if (!opportunity || Object.keys(oppChanges).length > 0)
    writes.push(upsertByInvoiceId(REF.writeOpportunity, 'Opportunity', deal.xeroInvoiceId, oppWanted));
  const oppId = opportunity?.Id ?? `@{${REF.writeOpportunity}.id}`;

  const invoiceWanted = invoiceRecordFields(invoice, oppId, account.Id);
  const invoiceChanges = diffFields(invoiceRecord, invoiceWanted);
  if (!invoiceRecord || Object.keys(invoiceChanges).length > 0)
    writes.push(
      upsertByInvoiceId(REF.writeInvoiceRecord, 'Xero_Invoice__c', invoice.xeroInvoiceId, invoiceWanted),
    );
  const invoiceRecordId = invoiceRecord?.Id ?? `@{${REF.writeInvoiceRecord}.id}`;

  const payments = invoice.payments ? paymentWrites(invoice.payments, stored, account.Id) : [];
  if (payments.length > PAYMENT_COLLECTION_SIZE) return undefined;
  if (payments.length > 0)
    writes.push({
      referenceId: REF.writePayments,
      method: 'PATCH',
      path: '/composite/sobjects/Xero_Payment__c/Xero_Payment_ID__c',
      body: {
        allOrNone: true,
        records: payments.map((p) => ({
          attributes: { type: 'Xero_Payment__c' },
          ...paymentRecord(p, invoiceRecordId),
        })),
      },
    });

  const written =
    writes.length > 0
      ? await deps.call((conn) => composite(conn, writes, { allOrNone: true }))
      : new Map<string, SubResponse>();
  const failure = subrequestFailure(written);
  if (failure) throw failure;

  const newId = (ref: string, existing: Row | undefined): string =>
    existing?.Id ?? saveBodySchema.parse(written.get(ref)?.body).id;
  const ids = {
    opportunity: newId(REF.writeOpportunity, opportunity),
    invoiceRecord: newId(REF.writeInvoiceRecord, invoiceRecord),
  };
  // A new parent's ID went out as a reference: the audit shows the ID it became.
  const resolved = (changes: CrmWriteResult['changes']): CrmWriteResult['changes'] =>
    Object.fromEntries(
      Object.entries(changes).map(([field, change]) => [
        field,
        {
          before: change.before,
          after:
            change.after === oppId
              ? ids.opportunity
              : change.after === invoiceRecordId
                ? ids.invoiceRecord
                : change.after,
        },
      ]),
    );
  return {
    account: {
      kind: 'linked',
      rule: 'link',
      result: { recordId: account.Id, created: false, changes: accountChanges },
    },
    deal: { recordId: ids.opportunity, created: !opportunity, changes: oppChanges },
    invoiceRecord: {
      recordId: ids.invoiceRecord,
      created: !invoiceRecord,
      changes: resolved(invoiceChanges),
    },
    payments: paymentResults(written.get(REF.writePayments), payments),
  };
}

/** The rows a read subrequest returned; a failed read fails the sync. */
function rows(responses: Map<string, SubResponse>, ref: string): Row[] {
  const response = responses.get(ref);
  if (!response || response.status >= 400)
    throw subrequestFailure(new Map([[ref, response ?? { status: 500, body: null }]])) as VendorError;
  return queryBodySchema.parse(response.body).records;
}

function firstRow(responses: Map<string, SubResponse>, ref: string): Row | undefined {
  return rows(responses, ref)[0];
}

/** Each payment write's outcome; a record the collection refused fails the sync, like the step-by-step path. */
function paymentResults(
  response: SubResponse | undefined,
  payments: ReturnType<typeof paymentWrites>,
): CrmWriteResult[] {
  if (payments.length === 0) return [];
  const saved = collectionBodySchema.parse(response?.body);
  return payments.map((p, k) => {
    const r = saved[k];
    const id = p.existing?.Id ?? r?.id;
    if (!r?.success || !id)
      throw new VendorError(
        'validation',
        'salesforce',
        `upsert Xero_Payment__c ${p.xeroId} failed: ${JSON.stringify(r)}`,
      );
    return { recordId: id, created: !p.existing, changes: p.changes };
  });
}
