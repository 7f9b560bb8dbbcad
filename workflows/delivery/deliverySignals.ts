import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReminderNext, ReminderStepId } from '../domain/delivery/reminderSchedule';

/** One delivery workflow per Xero sales invoice of an installation. */
export function deliveryWorkflowId(installationId: string, xeroInvoiceId: string): string {
  return `delivery:${installationId}:${xeroInvoiceId}`;
}

/** The Xero sync applied the invoice again (it may have changed): look at it now. */
export const invoiceChangedSignal = defineSignal<[{ at: string }]>('deliveryInvoiceChanged');

/** A person's decision: send this invoice no more reminders. */
export const deliveryDecisionSignal =
  defineSignal<[{ kind: 'stop'; by: string; reason: string }]>('deliveryDecision');

export interface DeliveryView {
  status: 'delivering' | 'stopped';
  /** `not_sent`: nothing to send (not approved, no address, sender off); `gone`: deleted or disconnected. */
  stopReason?: Extract<ReminderNext, { kind: 'stop' }>['reason'] | 'not_sent' | 'gone';
  /** Invoice versions e-mailed (by Xero or Ledgerbridge) and filed in the CRM. */
  delivered: string[];
  filed: string[];
  reminders: ReminderStepId[];
  dueDate?: string;
  today?: string;
  /** `recorded`: read from delivery_stops (kept across runs; lifted when ops resumes, row deleted). */
  decision?: { kind: 'stop'; by: string; reason: string; at?: string; recorded?: boolean };
  next?: ReminderNext;
  /** The last step that failed through its retries, retried within the hour. */
  lastFailure?: { step: string; error: string };
}

export const deliveryStateQuery = defineQuery<DeliveryView>('deliveryState');
