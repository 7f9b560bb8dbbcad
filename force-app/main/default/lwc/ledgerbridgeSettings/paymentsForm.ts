import { DEFAULT_PAYMENTS } from 'c/ledgerbridgeSettingsRules';
import { list, obj, text, wholeNumber, type Json, type PathErrors } from './formText';

/** The payments (Stripe) inputs: `payments` of the installation's settings as text and checkboxes. */
export interface PaymentsForm {
  recordInXero: boolean;
  /** Days after the due date, comma separated: "1, 7, 14". */
  reminderDays: string;
  collectionOwnerTaskAfter: string;
  escalationDay: string;
  makeRenewals: boolean;
  renewalLeadDays: string;
  timeZone: string;
}

export const PAYMENT_FIELD_BY_PATH: Array<[prefix: string, field: string]> = [
  ['payments.recordInXero', 'recordInXero'],
  ['payments.collection.reminderDays', 'reminderDays'],
  ['payments.collection.ownerTaskAfterFailedAttempts', 'collectionOwnerTaskAfter'],
  ['payments.collection.escalationDay', 'escalationDay'],
  ['payments.collection', 'reminderDays'],
  ['payments.renewalLeadDays', 'renewalLeadDays'],
  ['payments.timeZone', 'timeZone'],
];

/** The inputs for saved settings; what is not saved shows the worker's defaults. */
export function paymentsForm(saved: Json): PaymentsForm {
  const payments = obj(saved.payments);
  const collection = { ...DEFAULT_PAYMENTS.collection, ...obj(payments.collection) };
  const lead =
    payments.renewalLeadDays === undefined ? DEFAULT_PAYMENTS.renewalLeadDays : payments.renewalLeadDays;
  return {
    recordInXero: payments.recordInXero === true,
    reminderDays: Array.isArray(collection.reminderDays)
      ? collection.reminderDays.map((d) => text(d)).join(', ')
      : '',
    collectionOwnerTaskAfter: text(collection.ownerTaskAfterFailedAttempts),
    escalationDay: text(collection.escalationDay),
    makeRenewals: lead !== null,
    renewalLeadDays: text(lead ?? DEFAULT_PAYMENTS.renewalLeadDays),
    timeZone: text(payments.timeZone, DEFAULT_PAYMENTS.timeZone),
  };
}

/** The `payments` section the inputs stand for. */
export function paymentsSettings(form: PaymentsForm, errors: PathErrors): Json {
  const path = 'payments.collection.reminderDays';
  const reminderDays = list(form.reminderDays).map((day, i) => wholeNumber(day, `${path}.${i}`, errors));
  return {
    recordInXero: form.recordInXero,
    collection: {
      reminderDays,
      ownerTaskAfterFailedAttempts: wholeNumber(
        form.collectionOwnerTaskAfter,
        'payments.collection.ownerTaskAfterFailedAttempts',
        errors,
      ),
      escalationDay: wholeNumber(form.escalationDay, 'payments.collection.escalationDay', errors),
    },
    renewalLeadDays: form.makeRenewals
      ? wholeNumber(form.renewalLeadDays, 'payments.renewalLeadDays', errors)
      : null,
    timeZone: form.timeZone.trim(),
  };
}
