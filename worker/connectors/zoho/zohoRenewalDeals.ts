import type { RenewalDealRequest } from '../../payments/crmPaymentsPort';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import { money } from './zohoPaymentFields';
import { diffZohoFields, type ZohoFields } from './zohoRecordDiff';
import { DEAL, DEAL_NAME_MAX, DEAL_PAYMENT } from './zohoSchema';
import { written } from './zohoWriteOutcomes';

/** A renewal key (`<subscription id>:<period end>`) as a COQL literal: nothing beyond these characters. */
function renewalKeyLiteral(key: string): string {
  if (!/^[A-Za-z0-9_:.-]{1,100}$/.test(key))
    throw new VendorError('validation', 'zoho', `not a renewal key: ${JSON.stringify(key)}`);
  return `'${key}'`;
}

/**
 * Renewal deals in Zoho, one per Ledgerbridge_Renewal_Key (a unique field): when the key's deal
 * exists it is returned untouched (from then on the rep's: stage, amount and date are theirs);
 * otherwise it is upserted with `duplicate_check_fields: [Ledgerbridge_Renewal_Key]`, so two racing
 * calls make one deal. It starts at the Stage field's first value; its Currency is set only in
 * multi-currency orgs (where Deals has the field).
 */
export class ZohoRenewalDeals {
  private layout: Promise<{ firstStage: string; multiCurrency: boolean }> | undefined;

  constructor(private readonly deps: { client: ZohoClient }) {}

  async ensure(request: RenewalDealRequest): Promise<CrmWriteResult> {
    const { client } = this.deps;
    const existing = await client.coql(
      `select id from ${DEAL.module} where ${DEAL_PAYMENT.renewalKey} = ${renewalKeyLiteral(request.renewalKey)} limit 1`,
    );
    const [found] = existing.records;
    if (found) return { recordId: found.id, created: false, changes: {} };
    const { firstStage, multiCurrency } = await this.dealLayout();
    const fields: ZohoFields = {
      [DEAL_PAYMENT.renewalKey]: request.renewalKey,
      [DEAL.name]: request.name.slice(0, DEAL_NAME_MAX),
      [DEAL.stage]: firstStage,
      [DEAL.amount]: money(request.amount),
      [DEAL.closingDate]: request.closeDate,
      ...(request.accountId ? { [DEAL.account]: { id: request.accountId } } : {}),
      ...(request.ownerId ? { Owner: { id: request.ownerId } } : {}),
      ...(multiCurrency ? { [DEAL.currency]: request.currency.toUpperCase() } : {}),
    };
    const done = written(await client.upsertRecords(DEAL.module, [fields], [DEAL_PAYMENT.renewalKey]));
    return {
      recordId: done.id,
      created: done.action === 'insert',
      changes: diffZohoFields(undefined, fields),
    };
  }

  /** Read once per port: the Stage values and whether Deals carries Currency. */
  private dealLayout(): Promise<{ firstStage: string; multiCurrency: boolean }> {
    this.layout ??= this.deps.client.fields(DEAL.module).then((fields) => {
      const stage = fields.find((f) => f.api_name === DEAL.stage);
      const first = stage?.pick_list_values?.find((v) => v.actual_value ?? v.display_value);
      const firstStage = first?.actual_value ?? first?.display_value;
      if (!firstStage) throw new VendorError('validation', 'zoho', 'the org has no deal stage');
      return { firstStage, multiCurrency: fields.some((f) => f.api_name === DEAL.currency) };
    });
    this.layout.catch(() => (this.layout = undefined));
    return this.layout;
  }
}
