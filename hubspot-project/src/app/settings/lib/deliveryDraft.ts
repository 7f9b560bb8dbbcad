import type { DeliverySettings } from '../generated/deliverySettings';

/**
 * The `delivery` section (who sends approved invoices, customer reminders, filing PDFs in HubSpot,
 * the portal link and the branding) as the form's inputs hold it: the reminder days as
 * comma-separated text, the optional brand parts as text ('' for none). Its errors are keyed
 * `delivery.<field>`, which is also each input's name.
 */
export interface DeliveryDraft {
  sender: DeliverySettings['sender'];
  /** Days relative to the due date, comma separated, negative before it: `-3, 0, 7, 14`. */
  reminderDays: string;
  fileInCrm: boolean;
  portalLinkDays: number;
  brandName: string;
  brandColour: string;
  brandLogoUrl: string;
  brandReplyTo: string;
}

export function toDeliveryDraft(delivery: DeliverySettings): DeliveryDraft {
  return {
    sender: delivery.sender,
    reminderDays: delivery.reminderDays.join(', '),
    fileInCrm: delivery.fileInCrm,
    portalLinkDays: delivery.portalLinkDays,
    brandName: delivery.brand.name ?? '',
    brandColour: delivery.brand.colour,
    brandLogoUrl: delivery.brand.logoUrl ?? '',
    brandReplyTo: delivery.brand.replyTo ?? '',
  };
}

/**
 * The `delivery` settings the draft stands for; unreadable reminder days go to fieldErrors. An
 * empty brand input is left out, so its default applies (the organisation's name, the mail
 * account's address, the standard colour).
 */
export function toDeliverySettings(draft: DeliveryDraft, fieldErrors: Record<string, string>): unknown {
  const reminderDays: number[] = [];
  for (const entry of draft.reminderDays.split(',').map((s) => s.trim())) {
    if (/^-?\d+$/.test(entry)) reminderDays.push(Number(entry));
    else if (entry !== '')
      fieldErrors['delivery.reminderDays'] ??=
        `"${entry}" is not a whole number of days: write days from the due date, e.g. -3, 0, 7, 14`;
  }
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  return {
    sender: draft.sender,
    reminderDays,
    fileInCrm: draft.fileInCrm,
    portalLinkDays: draft.portalLinkDays,
    brand: {
      name: optional(draft.brandName),
      colour: optional(draft.brandColour),
      logoUrl: optional(draft.brandLogoUrl),
      replyTo: optional(draft.brandReplyTo),
    },
  };
}

const DELIVERY_FIELDS = ['sender', 'reminderDays', 'fileInCrm', 'portalLinkDays'];
const BRAND_FIELDS: Record<string, string> = {
  name: 'brandName',
  colour: 'brandColour',
  logoUrl: 'brandLogoUrl',
  replyTo: 'brandReplyTo',
};

/**
 * The draft field showing a schema error under `delivery` (the path after `delivery.`):
 * `reminderDays.2` → `delivery.reminderDays`, `brand.logoUrl` → `delivery.brandLogoUrl`.
 * Anything else shows on the section.
 */
export function deliveryFieldOf(next: string | undefined, third: string | undefined): string {
  if (next === 'brand' && third && BRAND_FIELDS[third]) return `delivery.${BRAND_FIELDS[third]}`;
  if (next && DELIVERY_FIELDS.includes(next)) return `delivery.${next}`;
  return 'delivery';
}
