import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';
import type { LinkOutcome } from '../../sync/accountLinker';
import type { CrmWriteResult, DealWrite } from '../../sync/crmTarget';
import type { ZohoClient } from './zohoClient';
import { diffZohoFields, readByUnique, type ZohoFields } from './zohoRecordDiff';
import { DEAL, DEAL_NAME_MAX } from './zohoSchema';
import { written } from './zohoWriteOutcomes';

/**
 * The Zoho deal for a Xero invoice: read by the unique Xero_Invoice_ID, and when a field differs,
 * written in one upsert with `duplicate_check_fields: [Xero_Invoice_ID]` (so a deal made meanwhile
 * by another sync is updated, never doubled). A replay reads and writes nothing.
 */
export class ZohoDealWrites {
  constructor(
    private readonly deps: {
      client: ZohoClient;
      /** The org's Stage value for the settings' stage name (ZohoStages.resolve). */
      stageOf: (stage: string) => Promise<string>;
    },
  ) {}

  /**
   * Upserts the deal, pointing its Account_Name lookup at the linked account; a contact queued for
   * review leaves the lookup as it is (the review's link and the invoice's next sync set it).
   */
  async write(
    plan: { deal: DealFromInvoice; invoice: Pick<CanonicalInvoice, 'dueDate'> },
    account: LinkOutcome | undefined,
    /**
     * The rep's deal this invoice was made from (the CRM-to-Xero flow): it takes the invoice's ID
     * first, so the upsert finds it rather than making a second deal, and only its Xero fields
     * change; the rep's name, stage, amount and account stay the rep's.
     */
    originDealId?: string,
  ): Promise<DealWrite> {
    const accountId = account?.kind === 'linked' ? account.result.recordId : undefined;
    const fields = dealFields(
      { ...plan.deal, stage: await this.deps.stageOf(plan.deal.stage) },
      plan.invoice,
      accountId,
    );
    if (originDealId) {
      const origin = await this.deps.client.getRecord(DEAL.module, originDealId, [DEAL.xeroInvoiceId]);
      if (origin && origin[DEAL.xeroInvoiceId] !== plan.deal.xeroInvoiceId)
        written(
          await this.deps.client.updateRecords(DEAL.module, [
            { id: originDealId, [DEAL.xeroInvoiceId]: plan.deal.xeroInvoiceId },
          ]),
        );
    }
    const wanted = originDealId
      ? Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('Xero_')))
      : fields;
    const deal = await this.upsert(wanted, plan.deal.xeroInvoiceId);
    return { deal, invoiceRecord: undefined, account };
  }

  private async upsert(wanted: ZohoFields, xeroInvoiceId: string): Promise<CrmWriteResult> {
    const { client } = this.deps;
    const current = await readByUnique(
      client,
      DEAL.module,
      DEAL.xeroInvoiceId,
      xeroInvoiceId,
      Object.keys(wanted),
    );
    const changes = diffZohoFields(current, wanted);
    if (current && Object.keys(changes).length === 0)
      return { recordId: current.id, created: false, changes };
    const done = written(await client.upsertRecords(DEAL.module, [wanted], [DEAL.xeroInvoiceId]));
    return { recordId: done.id, created: done.action === 'insert', changes };
  }
}

/** A deal's fields for an invoice, as Zoho takes them (the account lookup as `{ id }`). */
export function dealFields(
  deal: DealFromInvoice,
  invoice: Pick<CanonicalInvoice, 'dueDate'>,
  accountId: string | undefined,
): ZohoFields {
  return {
    [DEAL.xeroInvoiceId]: deal.xeroInvoiceId,
    [DEAL.name]: deal.name.slice(0, DEAL_NAME_MAX),
    [DEAL.stage]: deal.stage,
    [DEAL.amount]: deal.amount,
    [DEAL.closingDate]: deal.closeDate,
    ...(accountId ? { [DEAL.account]: { id: accountId } } : {}),
    [DEAL.invoiceNumber]: deal.invoiceNumber,
    [DEAL.invoiceStatus]: deal.invoiceStatus,
    [DEAL.amountDue]: deal.amountDue,
    [DEAL.amountPaid]: deal.amountPaid,
    [DEAL.dueDate]: invoice.dueDate ?? null,
    [DEAL.onlineInvoiceUrl]: deal.invoiceUrl ?? null,
  };
}
