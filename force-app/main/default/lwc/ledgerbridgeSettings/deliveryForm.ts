import { DEFAULT_DELIVERY } from 'c/ledgerbridgeSettingsRules';
import { list, obj, text, wholeNumber, type Json, type PathErrors } from './formText';

/** The invoice delivery inputs: `delivery` of the installation's settings as text and checkboxes. */
export interface DeliveryForm {
  /** off, xero or ledgerbridge. */
  deliverySender: string;
  /** Days relative to the due date, comma separated, negative before it: "-3, 0, 7, 14". */
  deliveryReminderDays: string;
  fileInCrm: boolean;
  portalLinkDays: string;
  brandName: string;
  brandColour: string;
  brandLogoUrl: string;
  brandReplyTo: string;
}

export const DELIVERY_FIELD_BY_PATH: Array<[prefix: string, field: string]> = [
  ['delivery.sender', 'deliverySender'],
  ['delivery.reminderDays', 'deliveryReminderDays'],
  ['delivery.fileInCrm', 'fileInCrm'],
  ['delivery.portalLinkDays', 'portalLinkDays'],
  ['delivery.brand.name', 'brandName'],
  ['delivery.brand.colour', 'brandColour'],
  ['delivery.brand.logoUrl', 'brandLogoUrl'],
  ['delivery.brand.replyTo', 'brandReplyTo'],
  ['delivery.brand', 'brandName'],
  ['delivery', 'deliverySender'],
];

/** The inputs for saved settings; what is not saved shows the worker's defaults. */
export function deliveryForm(saved: Json): DeliveryForm {
  const delivery = obj(saved.delivery);
  const brand = obj(delivery.brand);
  const days = delivery.reminderDays === undefined ? DEFAULT_DELIVERY.reminderDays : delivery.reminderDays;
  return {
    deliverySender: text(delivery.sender, DEFAULT_DELIVERY.sender),
    deliveryReminderDays: Array.isArray(days) ? days.map((d) => text(d)).join(', ') : '',
    fileInCrm: typeof delivery.fileInCrm === 'boolean' ? delivery.fileInCrm : DEFAULT_DELIVERY.fileInCrm,
    portalLinkDays: text(delivery.portalLinkDays, String(DEFAULT_DELIVERY.portalLinkDays)),
    brandName: text(brand.name),
    brandColour: text(brand.colour, DEFAULT_DELIVERY.brand.colour),
    brandLogoUrl: text(brand.logoUrl),
    brandReplyTo: text(brand.replyTo),
  };
}

/** The `delivery` section the inputs stand for; an empty brand input is left out (its default applies). */
export function deliverySettings(form: DeliveryForm, errors: PathErrors): Json {
  const path = 'delivery.reminderDays';
  const reminderDays = list(form.deliveryReminderDays).map((day, i) =>
    wholeNumber(day, `${path}.${i}`, errors),
  );
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    sender: form.deliverySender,
    reminderDays,
    fileInCrm: form.fileInCrm,
    portalLinkDays: wholeNumber(form.portalLinkDays, 'delivery.portalLinkDays', errors),
    brand: {
      name: optional(form.brandName),
      colour: optional(form.brandColour),
      logoUrl: optional(form.brandLogoUrl),
      replyTo: optional(form.brandReplyTo),
    },
  };
}
