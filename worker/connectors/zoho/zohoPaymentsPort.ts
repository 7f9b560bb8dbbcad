import { z } from 'zod';
import type {
  AccountFigures,
  CrmAccountRef,
  CrmDealRef,
  CrmPaymentsPort,
  CrmTaskRequest,
  DealPaymentState,
  RenewalDealRequest,
  SubscriptionState,
} from '../../payments/crmPaymentsPort';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import {
  accountFigureFields,
  DATETIME_FIELDS,
  dealPaymentFields,
  dealSubscriptionFields,
} from './zohoPaymentFields';
import { diffZohoFields, readByUnique, zohoDateTime, type ZohoFields } from './zohoRecordDiff';
import { ZohoRenewalDeals } from './zohoRenewalDeals';
import { ACCOUNT, DEAL } from './zohoSchema';
import { parseAnswer } from './zohoSchemas';
import { openKeyedZohoTask } from './zohoKeyedTasks';
import { written } from './zohoWriteOutcomes';

/** COQL answers a lookup (the owner too) as `{ id }`. */
const lookup = z.looseObject({ id: z.string() }).nullish();
const dealRow = z.looseObject({
  id: z.string(),
  Deal_Name: z.string().nullish(),
  Owner: lookup,
  Account_Name: lookup,
});
const accountRow = z.looseObject({
  id: z.string(),
  Account_Name: z.string().nullish(),
  Owner: lookup,
  Monthly_Billing: z.boolean().nullish(),
});

/**
 * Stripe payments shown in Zoho CRM (issue #22, #24) over the typed client: the deal's payment and
 * subscription fields, the account's subscription totals, receivables and web-shop orders, tasks
 * made once per key (zohoKeyedTasks.ts) and renewal deals made once per Ledgerbridge_Renewal_Key
 * (zohoRenewalDeals.ts). Every write reads the record first and sends only the fields that differ,
 * so a replay costs one read and no write.
 */
export class ZohoPaymentsPort implements CrmPaymentsPort {
  private readonly renewals: ZohoRenewalDeals;

  constructor(
    private readonly deps: {
      client: ZohoClient;
      /** The Ledgerbridge custom fields exist in the org (zohoSchema.ts missingLedgerbridgeFields). */
      ensureReady: () => Promise<void>;
    },
  ) {
    this.renewals = new ZohoRenewalDeals({ client: deps.client });
  }

  async dealForXeroInvoice(xeroInvoiceId: string): Promise<CrmDealRef | undefined> {
    await this.deps.ensureReady();
    const raw = await readByUnique(this.deps.client, DEAL.module, DEAL.xeroInvoiceId, xeroInvoiceId, [
      DEAL.name,
      'Owner',
      DEAL.account,
    ]);
    if (!raw) return undefined;
    const row = parseAnswer(dealRow, raw, 'the deal of a Xero invoice');
    return {
      dealId: row.id,
      name: row.Deal_Name ?? '',
      accountId: row.Account_Name?.id ?? null,
      ownerId: row.Owner?.id ?? null,
    };
  }

  async accountForXeroContact(xeroContactId: string): Promise<CrmAccountRef | undefined> {
    await this.deps.ensureReady();
    const raw = await readByUnique(this.deps.client, ACCOUNT.module, ACCOUNT.xeroContactId, xeroContactId, [
      ACCOUNT.name,
      'Owner',
      ACCOUNT.monthlyBilling,
    ]);
    if (!raw) return undefined;
    const row = parseAnswer(accountRow, raw, 'the account of a Xero contact');
    return {
      accountId: row.id,
      name: row.Account_Name ?? '',
      ownerId: row.Owner?.id ?? null,
      // A checkbox nobody ticked reads false (or null in an org that added it later).
      monthlyBilling: row.Monthly_Billing === true,
    };
  }

  writeDealPayment(dealId: string, state: DealPaymentState): Promise<CrmWriteResult> {
    return this.writeDiff(DEAL.module, dealId, dealPaymentFields(state));
  }

  writeDealSubscription(dealId: string, state: SubscriptionState): Promise<CrmWriteResult> {
    return this.writeDiff(DEAL.module, dealId, dealSubscriptionFields(state));
  }

  writeAccountFigures(accountId: string, figures: AccountFigures): Promise<CrmWriteResult> {
    return this.writeDiff(ACCOUNT.module, accountId, accountFigureFields(figures));
  }

  async openTask(recordId: string, task: CrmTaskRequest): Promise<{ taskId: string; created: boolean }> {
    await this.deps.ensureReady();
    return openKeyedZohoTask(this.deps.client, recordId, task);
  }

  async ensureRenewalDeal(request: RenewalDealRequest): Promise<CrmWriteResult> {
    await this.deps.ensureReady();
    return this.renewals.ensure(request);
  }

  private async writeDiff(module: string, id: string, wanted: ZohoFields): Promise<CrmWriteResult> {
    await this.deps.ensureReady();
    if (Object.keys(wanted).length === 0) return { recordId: id, created: false, changes: {} };
    const current = await this.deps.client.getRecord(module, id, Object.keys(wanted));
    if (!current) throw new VendorError('notFound', 'zoho', `${module} ${id} not found`);
    const changes = diffZohoFields(asUtc(current), wanted);
    const changed = Object.fromEntries(Object.keys(changes).map((name) => [name, wanted[name] ?? null]));
    if (Object.keys(changed).length > 0)
      written(await this.deps.client.updateRecords(module, [{ ...changed, id }]));
    return { recordId: id, created: false, changes };
  }
}

/** Zoho answers datetimes in the org's time zone; Ledgerbridge writes them in UTC: compare instants. */
function asUtc(record: Record<string, unknown>): Record<string, unknown> {
  const out = { ...record };
  for (const name of DATETIME_FIELDS) {
    const value = out[name];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      out[name] = zohoDateTime(new Date(value));
  }
  return out;
}
