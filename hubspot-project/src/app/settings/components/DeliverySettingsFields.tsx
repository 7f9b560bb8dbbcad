import { Alert, Heading, Input, NumberInput, Select, Text, Toggle } from '@hubspot/ui-extensions';
import type { DeliveryDraft } from '../lib/deliveryDraft';

export interface DeliverySettingsFieldsProps {
  delivery: DeliveryDraft;
  /** The form's errors by draft field; this part's are `delivery.<field>` (and `delivery` itself). */
  errors: Record<string, string>;
  onChange: (delivery: DeliveryDraft) => void;
}

const SENDERS: Array<{ label: string; value: DeliveryDraft['sender'] }> = [
  { label: 'Nobody (off)', value: 'off' },
  { label: 'Xero sends its own e-mail', value: 'xero' },
  { label: 'Ledgerbridge sends a branded e-mail', value: 'ledgerbridge' },
];

/**
 * The `delivery` section of the mapping settings: who sends an approved invoice, the customer
 * reminders around its due date, filing its PDF in HubSpot, how long a portal link lasts and the
 * branding of the e-mail and the portal. Each input is named after its error key, `delivery.<field>`.
 */
export function DeliverySettingsFields({ delivery, errors, onChange }: DeliverySettingsFieldsProps) {
  const set =
    <K extends keyof DeliveryDraft>(key: K) =>
    (value: DeliveryDraft[K]) =>
      onChange({ ...delivery, [key]: value });
  const invalid = (field: keyof DeliveryDraft) => {
    const key = `delivery.${field}`;
    return { error: key in errors, validationMessage: errors[key] ?? '' };
  };
  return (
    <>
      <Heading>Invoice delivery</Heading>
      {errors.delivery && (
        <Alert title="The delivery settings are not valid" variant="danger">
          {errors.delivery}
        </Alert>
      )}
      <Select
        label="Who sends approved invoices"
        name="delivery.sender"
        value={delivery.sender}
        options={SENDERS}
        onChange={(v) => set('sender')(SENDERS.find((s) => s.value === v)?.value ?? 'off')}
        {...invalid('sender')}
      />
      <Text variant="microcopy">
        Ledgerbridge sends the invoice PDF from Xero in an e-mail with your brand and the customer portal
        link, over your own mail account (connect it first). Xero sends its own e-mail. Off: nobody sends
        invoices or reminders.
      </Text>
      <Input
        label="Customer reminder days (from the due date, comma separated)"
        name="delivery.reminderDays"
        description="A reminder e-mail on each of these days, e.g. -3, 0, 7, 14: negative days are before the due date, 0 is the due date; empty: no reminders."
        placeholder="-3, 0, 7, 14"
        value={delivery.reminderDays}
        onChange={set('reminderDays')}
        {...invalid('reminderDays')}
      />
      <Toggle
        label="File invoice PDFs on the deal and company"
        name="delivery.fileInCrm"
        checked={delivery.fileInCrm}
        onChange={set('fileInCrm')}
      />
      <NumberInput
        label="Days a customer portal link stays valid"
        name="delivery.portalLinkDays"
        value={delivery.portalLinkDays}
        onChange={set('portalLinkDays')}
        {...invalid('portalLinkDays')}
      />
      <Input
        label="Brand name in e-mails and the portal"
        name="delivery.brandName"
        description="Empty: the Xero organisation's name."
        value={delivery.brandName}
        onChange={set('brandName')}
        {...invalid('brandName')}
      />
      <Input
        label="Accent colour"
        name="delivery.brandColour"
        description="A colour such as #1F6FEB; empty: the default."
        value={delivery.brandColour}
        onChange={set('brandColour')}
        {...invalid('brandColour')}
      />
      <Input
        label="Logo image URL (https)"
        name="delivery.brandLogoUrl"
        value={delivery.brandLogoUrl}
        onChange={set('brandLogoUrl')}
        {...invalid('brandLogoUrl')}
      />
      <Input
        label="Reply-to address for customers"
        name="delivery.brandReplyTo"
        description="Where customers' replies go; empty: the mail account's address."
        value={delivery.brandReplyTo}
        onChange={set('brandReplyTo')}
        {...invalid('brandReplyTo')}
      />
    </>
  );
}
