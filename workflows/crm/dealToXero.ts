import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DealRef, DealToXeroActivities } from '../../worker/activities/dealToXero';
import type { XeroSyncActivities } from '../../worker/activities/xeroSync';
import { planAmendment, planDealInvoice } from '../domain/dealToInvoice';
import { mappingSettingsSchema } from '../domain/mappingSettings';

const retry = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  // Within Xero's 6-minute Idempotency-Key window, so a retried create finds the first one's answer.
  maximumAttempts: 8,
  nonRetryableErrorTypes: ['VendorValidationError', 'VendorReauthRequiredError', 'VendorConflictError'],
};
const deal = proxyActivities<DealToXeroActivities>({ startToCloseTimeout: '1 minute', retry });
// Reading the settings is a quick store read: a local activity spares the server round trips.
const { loadMappingSettings } = proxyLocalActivities<XeroSyncActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});

/** The deal changed in its CRM (a HubSpot webhook, the Salesforce flow's callout, or the poll). */
export const crmDealChangedSignal = defineSignal<[{ source: string }]>('crmDealChanged');

export interface DealToXeroState {
  /** True while a change is waiting or being handled; false once everything seen is done. */
  busy: boolean;
  changesSeen: number;
  runs: number;
  lastOutcome: string | null;
  xeroInvoiceId: string | null;
}
export const dealToXeroStateQuery = defineQuery<DealToXeroState>('state');

export interface DealToXeroInput extends DealRef {
  /** Finish after this long without a change (default 2 minutes); the next change starts a new run. */
  idleMs?: number;
}

/**
 * One per CRM deal (ID from crmDealWorkflowId). A won deal is validated under the mapping settings
 * and, when valid, becomes exactly one Xero invoice (Idempotency-Key from the deal and its version),
 * whose ID, number, status and link go back on the deal; when not, the reasons go on the deal with
 * a task for its owner and nothing is written to Xero. Changes during a run collapse into one more.
 */
export async function dealToXeroWorkflow(input: DealToXeroInput): Promise<DealToXeroState> {
  const state: DealToXeroState = {
    busy: true,
    changesSeen: 0,
    runs: 0,
    lastOutcome: null,
    xeroInvoiceId: null,
  };
  let dirty = true;
  setHandler(crmDealChangedSignal, () => {
    state.changesSeen++;
    dirty = true;
    state.busy = true;
  });
  setHandler(dealToXeroStateQuery, () => state);
  for (;;) {
    if (!(await condition(() => dirty, input.idleMs ?? 2 * 60_000))) return state;
    dirty = false;
    state.lastOutcome = await invoiceOnce(input, state);
    state.runs++;
    state.busy = dirty;
  }
}

async function invoiceOnce(ref: DealRef, state: DealToXeroState): Promise<string> {
  const audit = { workflowId: workflowInfo().workflowId, runId: workflowInfo().runId };
  const current = await deal.readCrmDeal(ref);
  if (!current) return 'deal_missing';
  if (!current.isWon) return 'not_won';
  let ours: { xeroInvoiceId: string } | null = null;
  if (current.xeroInvoiceId) {
    state.xeroInvoiceId = current.xeroInvoiceId;
    ours = await deal.dealInvoiceLink(ref);
    // The deal came from a Xero invoice (the Xero-to-CRM flow): Xero owns it.
    if (ours?.xeroInvoiceId !== current.xeroInvoiceId) return 'xero_owned';
  }
  const { tenantId, facts } = await deal.xeroOrgFacts();
  const settings = mappingSettingsSchema.parse(await loadMappingSettings({ tenantId }));
  const plan = planDealInvoice(current, settings, facts);
  if (plan.kind === 'not_won') return 'not_won';
  if (plan.kind === 'invalid') {
    await deal.reportDealProblem({ ...ref, ...audit, deal: current, problems: plan.problems });
    return 'invalid';
  }
  if (settings.shadowMode.crmToXero) return 'shadow';
  const report = async (problem: string) => {
    await deal.reportDealProblem({ ...ref, ...audit, deal: current, problems: [problem] });
    return 'flagged';
  };

  if (ours) {
    // Invoiced by us before: the amendment policy decides what the change does to the invoice.
    const existing = await deal.getXeroInvoice({ invoiceId: ours.xeroInvoiceId });
    if (!existing) return report(`Invoice ${ours.xeroInvoiceId} no longer exists in Xero.`);
    const amendment = planAmendment(existing, plan.draft, settings.amendmentPolicy);
    if (amendment.kind === 'unchanged') {
      await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice: existing });
      return 'unchanged';
    }
    if (amendment.kind === 'flag') return report(amendment.reason);
    if (amendment.kind === 'update_draft') {
      const updated = await deal.saveXeroInvoice({
        ...ref,
        ...audit,
        draft: plan.draft,
        xeroContactId: existing.contactId,
        idempotencyKey: plan.idempotencyKey,
        invoiceId: existing.xeroInvoiceId,
      });
      await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice: updated });
      return 'draft_updated';
    }
    await deal.creditXeroInvoice({
      ...ref,
      ...audit,
      invoice: existing,
      idempotencyKey: `${plan.idempotencyKey}-credit`,
    });
    const reissued = await deal.saveXeroInvoice({
      ...ref,
      ...audit,
      draft: plan.draft,
      xeroContactId: existing.contactId,
      idempotencyKey: plan.idempotencyKey,
    });
    await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice: reissued });
    state.xeroInvoiceId = reissued.xeroInvoiceId;
    return 'credited_and_reissued';
  }

  const account = current.account;
  if (!account) throw ApplicationFailure.nonRetryable('a valid plan needs an account');
  const contact = await deal.resolveXeroContact({
    ...ref,
    ...audit,
    account,
    idempotencyKey: plan.idempotencyKey,
  });
  if ('problem' in contact) return report(contact.problem);
  const invoice = await deal.saveXeroInvoice({
    ...ref,
    ...audit,
    draft: plan.draft,
    xeroContactId: contact.xeroContactId,
    idempotencyKey: plan.idempotencyKey,
  });
  await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice });
  state.xeroInvoiceId = invoice.xeroInvoiceId;
  return 'invoiced';
}
