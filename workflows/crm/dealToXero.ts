import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DealRef, DealToXeroActivities } from '../../worker/activities/dealToXero';
import type { TimelineActivities } from '../../worker/activities/timelineActivities';
import type { XeroSyncActivities } from '../../worker/activities/xeroSync';
import { settingsRead, xeroWrite } from '../activityOptions';
import type { CanonicalInvoice } from '../domain/canonical';
import { planAmendment, planDealInvoice } from '../domain/dealToInvoice';
import type { InvoiceIntent } from '../domain/invoiceIntent';
import { handOver, historyIsLong, type HistoryBoundInput } from '../historyBound';
import { humanDesk, type PersonWait } from '../humanWait';
import type { SyncOutcomeName } from '../searchAttributes';
import { failureMessage, failureType, publish, storyQuery } from '../story';
import { dealStory } from './dealStory';

/** Marks histories in which a deal's organisation is chosen by the installation's routing rule. */
const ROUTED_DEALS_PATCH = 'deals-routed-to-an-organisation';
/** Marks histories in which a new invoice is also posted on the HubSpot deal's and company's timeline. */
const TIMELINE_PATCH = 'invoice-on-crm-timeline';

const deal = proxyActivities<DealToXeroActivities>(xeroWrite);
const timeline = proxyActivities<TimelineActivities>(xeroWrite);
// Reading the settings is a quick store read: a local activity spares the server round trips.
const { loadMappingSettings } = proxyLocalActivities<XeroSyncActivities>(settingsRead);

/** The deal changed in its CRM (a HubSpot webhook, the Salesforce flow's callout, or the poll). */
export const crmDealChangedSignal = defineSignal<[{ source: string }]>('crmDealChanged');

export interface DealToXeroState {
  /** True while a change is waiting or being handled; false once everything seen is done. */
  busy: boolean;
  changesSeen: number;
  runs: number;
  lastOutcome: string | null;
  xeroInvoiceId: string | null;
  xeroInvoiceNumber: string | null;
  /** The Xero organisation the deal is invoiced in, once known. */
  xeroTenantId: string | null;
  /** Runs tried, including failed ones (each one already retried its activities). */
  attempts: number;
  /** What the run is doing now, in words ("creating the Xero invoice"). */
  step: string;
  lastError: string | null;
  /** Set while a failed run waits for a person's retry or skip signal. */
  waitingSince: string | null;
  lastIgnoredSignal: string | null;
}
export const dealToXeroStateQuery = defineQuery<DealToXeroState>('state');

export interface DealToXeroInput extends DealRef, HistoryBoundInput {
  /** Finish after this long without a change (default 2 minutes); the next change starts a new run. */
  idleMs?: number;
  /** Carried across continue-as-new: a change not yet handled (a new workflow starts with one). */
  pending?: boolean;
  /** Carried across continue-as-new: the story so far, and a wait for a person still open. */
  carried?: { state: DealToXeroState; waiting: PersonWait | null };
}

/**
 * One per CRM deal (ID from crmDealWorkflowId). A won deal is validated under the mapping settings
 * and, when valid, becomes exactly one Xero invoice (its intent recorded before Xero is asked),
 * whose ID, number, status and link go back on the deal; when not, the reasons go on the deal with
 * a task for its owner and nothing is written to Xero. Changes during a run collapse into one more.
 * It continues as new before its history grows large, a wait for a person included.
 */
export async function dealToXeroWorkflow(input: DealToXeroInput): Promise<DealToXeroState> {
  const state: DealToXeroState = input.carried?.state ?? {
    busy: true,
    changesSeen: 0,
    runs: 0,
    lastOutcome: null,
    xeroInvoiceId: null,
    xeroInvoiceNumber: null,
    xeroTenantId: null,
    attempts: 0,
    step: 'starting',
    lastError: null,
    waitingSince: null,
    lastIgnoredSignal: null,
  };
  let waiting = input.carried?.waiting ?? null;
  let dirty = input.pending ?? true;
  setHandler(crmDealChangedSignal, () => {
    state.changesSeen++;
    dirty = true;
    state.busy = true;
  });
  setHandler(dealToXeroStateQuery, () => state);
  setHandler(storyQuery, () => dealStory(input, state));
  const desk = humanDesk(state, {
    flow: 'crm_to_xero',
    crm: input.crm,
    crmAccount: input.crmAccount,
    dealId: input.dealId,
  });
  const tell = (outcome: SyncOutcomeName) =>
    publish(dealStory(input, state), {
      flow: 'crm_to_xero',
      accounts: [input.crmAccount, ...(state.xeroTenantId ? [state.xeroTenantId] : [])],
      crmRecordIds: [input.dealId],
      ...(state.xeroInvoiceId ? { xeroRecordId: state.xeroInvoiceId } : {}),
      ...(state.xeroInvoiceNumber ? { xeroNumber: state.xeroInvoiceNumber } : {}),
      outcome,
    });
  // The deal alone goes to the activities, not the carried state.
  const ref: DealRef = { crm: input.crm, crmAccount: input.crmAccount, dealId: input.dealId };
  const historyLong = () => historyIsLong(input);
  const nextRun = () =>
    handOver<typeof dealToXeroWorkflow>(() => [{ ...input, pending: dirty, carried: { state, waiting } }]);

  for (;;) {
    if (waiting) {
      // state.step stays at the step that failed: the story says where it stopped.
      const decision = await desk.waitForPerson(waiting, {
        show: () => tell('waiting_for_human'),
        handOver: historyLong,
      });
      if (decision.kind === 'hand_over') return nextRun();
      waiting = null;
      if (decision.kind === 'retry') dirty = true;
      else {
        state.lastOutcome = `skipped by ${decision.by}: ${decision.reason}`;
        state.step = 'done';
        state.busy = dirty;
        tell('skipped');
      }
    }
    if (historyLong()) return nextRun();
    if (!(await condition(() => dirty, input.idleMs ?? 2 * 60_000))) return state;
    dirty = false;
    state.attempts++;
    try {
      state.lastOutcome = await invoiceOnce(ref, state);
      state.lastError = null;
      state.runs++;
      state.step = 'done';
      state.busy = dirty;
      tell(outcomeName(state.lastOutcome));
    } catch (err) {
      // Retries are spent (or the error cannot fix itself): a person decides, nothing fails silently.
      const error = failureMessage(err);
      waiting = { error, errorType: failureType(err) ?? null, since: new Date().toISOString() };
    }
  }
}

/** A run's outcome as the SyncOutcome search attribute says it. */
function outcomeName(outcome: string): SyncOutcomeName {
  if (['invoiced', 'draft_updated', 'unchanged', 'credited_and_reissued'].includes(outcome)) return 'synced';
  if (outcome === 'invalid' || outcome === 'flagged' || outcome === 'unrouted') return 'invalid';
  return 'skipped';
}

async function invoiceOnce(ref: DealRef, state: DealToXeroState): Promise<string> {
  const audit = { workflowId: workflowInfo().workflowId, runId: workflowInfo().runId };
  state.step = 'reading the deal from the CRM';
  const current = await deal.readCrmDeal(ref);
  if (!current) return 'deal_missing';
  if (!current.isWon) return 'not_won';
  // On every run, not only when the deal shows an invoice ID: an invoice whose write-back failed (or
  // whose link the worker never stored) is this deal's invoice, not a reason to make another.
  state.step = 'looking up the invoice made for the deal before';
  const ours = await deal.findDealInvoice({ ...ref, ...audit });
  if (current.xeroInvoiceId) {
    state.xeroInvoiceId = current.xeroInvoiceId;
    // The deal came from a Xero invoice (the Xero-to-CRM flow): Xero owns it.
    const madeByUs = [ours?.xeroInvoiceId, ours?.replacesInvoiceId].includes(current.xeroInvoiceId);
    if (!madeByUs) return 'xero_owned';
  }
  // A deal begun before (an intent recorded, an invoice made) stays in that organisation; else the
  // routing rule decides. Histories from before routing have no marker: their organisation came
  // with the facts (the installation's only one), so they replay without the routing step.
  let routedTo: string | undefined;
  if (ours) routedTo = ours.xeroTenantId;
  else if (patched(ROUTED_DEALS_PATCH)) {
    state.step = 'choosing the Xero organisation';
    const route = await deal.routeDealToXero({ ...ref, ...audit, deal: current });
    if (route.kind === 'unrouted') {
      const unrouted = { ...ref, ...audit, deal: current };
      if (!route.shadow) {
        await deal.reportDealProblem({ ...unrouted, problems: [route.problem] });
        return 'unrouted';
      }
      const plan = { kind: 'invalid' as const, problems: [route.problem] };
      await deal.recordDealShadowPlan({ ...unrouted, xeroTenantId: null, plan });
      return 'shadow';
    }
    routedTo = route.xeroTenantId;
  }
  state.step = 'reading the Xero organisation';
  const { tenantId, facts } = await deal.xeroOrgFacts(
    routedTo === undefined ? ref : { ...ref, xeroTenantId: routedTo },
  );
  state.xeroTenantId = tenantId;
  const inOrg = { ...ref, xeroTenantId: tenantId };
  const settings = await loadMappingSettings({ tenantId });
  const plan = planDealInvoice(current, settings, facts);
  if (plan.kind === 'not_won') return 'not_won';
  if (settings.shadowMode.crmToXero) {
    // Shadow mode: what would happen (the invoice, or the problems reported) is recorded, not done.
    await deal.recordDealShadowPlan({ ...inOrg, ...audit, deal: current, plan });
    return 'shadow';
  }
  if (plan.kind === 'invalid') {
    await deal.reportDealProblem({ ...ref, ...audit, deal: current, problems: plan.problems });
    return 'invalid';
  }
  const report = async (problem: string) => {
    await deal.reportDealProblem({ ...ref, ...audit, deal: current, problems: [problem] });
    return 'flagged';
  };
  const issue = async (intent: InvoiceIntent, xeroContactId: string) => {
    const invoice = await deal.saveXeroInvoice({
      ...inOrg,
      ...audit,
      draft: plan.draft,
      xeroContactId,
      intent,
    });
    state.xeroInvoiceId = invoice.xeroInvoiceId;
    state.xeroInvoiceNumber = invoice.number;
    state.step = 'writing the invoice back on the deal';
    await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice });
    if (patched(TIMELINE_PATCH)) {
      state.step = 'posting the invoice on the timeline';
      // The timeline is a view of what is done: the invoice stands when it cannot be shown there
      // (e.g. an install made before the app asked for the timeline scope).
      await timeline.postInvoiceOnTimeline({ ...ref, ...audit, invoice }).catch((err: unknown) => {
        if (!(err instanceof ActivityFailure)) throw err;
      });
    }
  };
  // A reissue is the intent's next generation, stored before the credit: one stopped half-way
  // carries on here. The replaced invoice still authorised has not been credited yet; one credited
  // (PAID by credit) has; anything else (voided, or paid by the customer) is for a person.
  const reissue = async (intent: InvoiceIntent, replaced: CanonicalInvoice) => {
    if (replaced.status === 'AUTHORISED') {
      state.step = 'crediting the invoice being replaced';
      await deal.creditXeroInvoice({ ...inOrg, ...audit, invoice: replaced, intent });
    } else if (replaced.status !== 'PAID' || replaced.amountCredited <= 0)
      return report(
        `Invoice ${replaced.number} was being replaced after the deal changed, but it is now ${replaced.status}: finance must decide in Xero.`,
      );
    state.step = 'creating the reissued Xero invoice';
    await issue(intent, replaced.contactId);
    return 'credited_and_reissued';
  };

  if (ours?.xeroInvoiceId) {
    // Invoiced by us before: the amendment policy decides what the change does to the invoice.
    state.step = 'reading the invoice made for the deal before';
    const existing = await deal.getXeroInvoice({ ...inOrg, invoiceId: ours.xeroInvoiceId });
    if (!existing) return report(`Invoice ${ours.xeroInvoiceId} no longer exists in Xero.`);
    state.xeroInvoiceId = existing.xeroInvoiceId;
    state.xeroInvoiceNumber = existing.number;
    const amendment = planAmendment(existing, plan.draft, settings.amendmentPolicy);
    if (amendment.kind === 'unchanged') {
      state.step = 'writing the invoice back on the deal';
      await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice: existing });
      return 'unchanged';
    }
    if (amendment.kind === 'flag') return report(amendment.reason);
    if (amendment.kind === 'update_draft') {
      state.step = 'updating the draft Xero invoice';
      const updated = await deal.saveXeroInvoice({
        ...inOrg,
        ...audit,
        draft: plan.draft,
        xeroContactId: existing.contactId,
        intent: ours.intent,
        invoiceId: existing.xeroInvoiceId,
      });
      await deal.recordInvoiceOnDeal({ ...ref, ...audit, invoice: updated });
      return 'draft_updated';
    }
    const next = await deal.startReissue({ ...ref, from: ours.intent, replacing: existing.xeroInvoiceId });
    return reissue(next.intent, existing);
  }
  if (ours?.replacesInvoiceId) {
    state.step = 'reading the invoice being replaced';
    const replaced = await deal.getXeroInvoice({ ...inOrg, invoiceId: ours.replacesInvoiceId });
    if (!replaced)
      return report(`Invoice ${ours.replacesInvoiceId}, being replaced, no longer exists in Xero.`);
    return reissue(ours.intent, replaced);
  }

  const account = current.account;
  if (!account) throw ApplicationFailure.nonRetryable('a valid plan needs an account');
  // Recorded before Xero is asked: from here on, whatever Xero makes is found again by its tag.
  const { intent } = ours ?? (await deal.beginInvoiceIntent({ ...ref, xeroTenantId: tenantId }));
  state.step = 'finding or creating the Xero contact';
  const contact = await deal.resolveXeroContact({ ...inOrg, ...audit, account, intent });
  if ('problem' in contact) return report(contact.problem);
  state.step = 'creating the Xero invoice';
  await issue(intent, contact.xeroContactId);
  return 'invoiced';
}
