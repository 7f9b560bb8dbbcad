import type { DealRef } from '../../worker/activities/dealToXero';
import type { DealToXeroState } from './dealToXero';

/** The deal's invoicing in words, for the `story` query and memo. */
export function dealStory(ref: DealRef, state: DealToXeroState): string {
  const deal = `${ref.crm === 'salesforce' ? 'Salesforce opportunity' : 'HubSpot deal'} ${ref.dealId}`;
  const invoice = state.xeroInvoiceId
    ? ` Xero invoice ${state.xeroInvoiceNumber ?? state.xeroInvoiceId}.`
    : ' No Xero invoice yet.';
  const counts = ` ${state.runs} of ${state.attempts} run${state.attempts === 1 ? '' : 's'} finished; ${state.changesSeen} change notice${state.changesSeen === 1 ? '' : 's'} seen.`;
  const ignored = state.lastIgnoredSignal ? ` Note: ${state.lastIgnoredSignal}.` : '';
  let now: string;
  if (state.waitingSince)
    now = `Waiting for a person since ${state.waitingSince}: ${state.step} failed after its retries with "${state.lastError ?? 'unknown error'}". Send the signal retry, or skip with a reason.`;
  else if (state.busy && state.step !== 'done') now = `Working: ${state.step}.`;
  else now = `Done (last outcome: ${state.lastOutcome ?? 'none'}); waiting for the next change.`;
  return `${deal}: ${now}${invoice}${counts}${ignored}`;
}
