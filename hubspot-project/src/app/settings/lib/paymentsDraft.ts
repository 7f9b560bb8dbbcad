import type { PaymentSettings } from '../generated/paymentSettings';

/**
 * The `payments` section (Stripe payments, collections, renewals) as the form's inputs hold it:
 * the reminder days as comma-separated text, and the renewal lead days kept while renewal deals are
 * off (so turning them back on shows the last number). Its errors are keyed `payments.<field>`,
 * which is also each input's name.
 */
export interface PaymentsDraft {
  recordInXero: boolean;
  /** Days after the due date, comma separated: `1, 7, 14`. */
  reminderDays: string;
  ownerTaskAfterFailedAttempts: number;
  escalationDay: number;
  makeRenewalDeals: boolean;
  renewalLeadDays: number;
  timeZone: string;
}

/** The lead days the form offers when renewal deals are turned on (the schema's default). */
const DEFAULT_RENEWAL_LEAD_DAYS = 60;

export function toPaymentsDraft(payments: PaymentSettings): PaymentsDraft {
  return {
    recordInXero: payments.recordInXero,
    reminderDays: payments.collection.reminderDays.join(', '),
    ownerTaskAfterFailedAttempts: payments.collection.ownerTaskAfterFailedAttempts,
    escalationDay: payments.collection.escalationDay,
    makeRenewalDeals: payments.renewalLeadDays !== null,
    renewalLeadDays: payments.renewalLeadDays ?? DEFAULT_RENEWAL_LEAD_DAYS,
    timeZone: payments.timeZone,
  };
}

/** The `payments` settings the draft stands for; unreadable reminder days go to fieldErrors. */
export function toPaymentSettings(draft: PaymentsDraft, fieldErrors: Record<string, string>): unknown {
  const reminderDays: number[] = [];
  for (const entry of draft.reminderDays.split(',').map((s) => s.trim())) {
    if (/^\d+$/.test(entry)) reminderDays.push(Number(entry));
    else if (entry !== '')
      fieldErrors['payments.reminderDays'] ??=
        `"${entry}" is not a whole number of days: write days after the due date, e.g. 1, 7, 14`;
  }
  return {
    recordInXero: draft.recordInXero,
    collection: {
      reminderDays,
      ownerTaskAfterFailedAttempts: draft.ownerTaskAfterFailedAttempts,
      escalationDay: draft.escalationDay,
    },
    renewalLeadDays: draft.makeRenewalDeals ? draft.renewalLeadDays : null,
    timeZone: draft.timeZone.trim(),
  };
}

const COLLECTION_FIELDS = ['reminderDays', 'ownerTaskAfterFailedAttempts', 'escalationDay'];
const PAYMENT_FIELDS = ['recordInXero', 'renewalLeadDays', 'timeZone'];

/**
 * The draft field showing a schema error under `payments` (the path after `payments.`):
 * `collection.reminderDays.2` → `payments.reminderDays`. Anything else shows on the section.
 */
export function paymentsFieldOf(next: string | undefined, third: string | undefined): string {
  if (next === 'collection' && third && COLLECTION_FIELDS.includes(third)) return `payments.${third}`;
  if (next && PAYMENT_FIELDS.includes(next)) return `payments.${next}`;
  return 'payments';
}
