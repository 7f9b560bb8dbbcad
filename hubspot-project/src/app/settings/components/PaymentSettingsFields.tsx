import { Alert, Heading, Input, NumberInput, Text, Toggle } from '@hubspot/ui-extensions';
import type { PaymentsDraft } from '../lib/paymentsDraft';

export interface PaymentSettingsFieldsProps {
  payments: PaymentsDraft;
  /** The form's errors by draft field; this part's are `payments.<field>` (and `payments` itself). */
  errors: Record<string, string>;
  onChange: (payments: PaymentsDraft) => void;
}

/**
 * The `payments` section of the mapping settings: whether matched Stripe payments are recorded in
 * Xero, the collection schedule of an overdue invoice, renewal deals and the time zone days are
 * counted in. Each input is named after its error key, `payments.<field>`.
 */
export function PaymentSettingsFields({ payments, errors, onChange }: PaymentSettingsFieldsProps) {
  const set =
    <K extends keyof PaymentsDraft>(key: K) =>
    (value: PaymentsDraft[K]) =>
      onChange({ ...payments, [key]: value });
  const invalid = (field: keyof PaymentsDraft) => {
    const key = `payments.${field}`;
    return { error: key in errors, validationMessage: errors[key] ?? '' };
  };
  return (
    <>
      <Heading>Payments (Stripe)</Heading>
      {errors.payments && (
        <Alert title="The payments settings are not valid" variant="danger">
          {errors.payments}
        </Alert>
      )}
      <Toggle
        label="Record Stripe payments in Xero"
        name="payments.recordInXero"
        checked={payments.recordInXero}
        onChange={set('recordInXero')}
      />
      <Text variant="microcopy">
        On: a Stripe payment matched to a Xero invoice Xero has not applied itself becomes a Xero payment
        (needs the accounting.payments scope: a Xero organisation connected before Ledgerbridge asked for it
        must be connected again first). Off: the payment is linked and shown in HubSpot, and Xero stays as it
        is.
      </Text>
      <Input
        label="Reminder days (days after the due date, comma separated)"
        name="payments.reminderDays"
        description="A reminder task on each of these days an invoice is overdue, e.g. 1, 7, 14 (0 is the due date); empty: no reminders."
        placeholder="1, 7, 14"
        value={payments.reminderDays}
        onChange={set('reminderDays')}
        {...invalid('reminderDays')}
      />
      <NumberInput
        label="Failed Stripe payment attempts on an overdue invoice before its owner gets a task"
        name="payments.ownerTaskAfterFailedAttempts"
        description="Counts the payment processor's real attempts on an overdue invoice (not Xero payments reversed or deleted)."
        value={payments.ownerTaskAfterFailedAttempts}
        onChange={set('ownerTaskAfterFailedAttempts')}
        {...invalid('ownerTaskAfterFailedAttempts')}
      />
      <NumberInput
        label="Escalation day (days after the due date)"
        name="payments.escalationDay"
        value={payments.escalationDay}
        onChange={set('escalationDay')}
        {...invalid('escalationDay')}
      />
      <Toggle
        label="Make renewal deals"
        name="payments.makeRenewalDeals"
        checked={payments.makeRenewalDeals}
        onChange={set('makeRenewalDeals')}
      />
      {payments.makeRenewalDeals && (
        <NumberInput
          label="Days before a subscription renews that its renewal deal is made"
          name="payments.renewalLeadDays"
          value={payments.renewalLeadDays}
          onChange={set('renewalLeadDays')}
          {...invalid('renewalLeadDays')}
        />
      )}
      <Input
        label="Time zone (IANA name, e.g. Europe/London)"
        name="payments.timeZone"
        description="Collection days and the nightly receivables run (at 02:00) are counted in this time zone."
        value={payments.timeZone}
        onChange={set('timeZone')}
        {...invalid('timeZone')}
      />
    </>
  );
}
