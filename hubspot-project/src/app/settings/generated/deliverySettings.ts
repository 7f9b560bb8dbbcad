// GENERATED from workflows/domain/delivery/deliverySettings.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';

/** Reminders 3 days before the due date, on it, then 7 and 14 days after (negative: before). */
export const DEFAULT_REMINDER_DAYS = [-3, 0, 7, 14];

/**
 * An installation's invoice delivery settings (issue #23): the `delivery` section of its mapping
 * settings. Who sends an invoice once it is approved (`off`: nobody, the default; `xero`: Xero's own
 * e-mail, POST /Invoices/{id}/Email; `ledgerbridge`: the PDF from Xero in a branded e-mail over the
 * installation's SMTP account, with the pay link), the customer reminders, filing in the CRM, the
 * portal link's life and the branding of the e-mail and the portal.
 */
export const deliverySettingsSchema = z
  .object({
    sender: z.enum(['off', 'xero', 'ledgerbridge']).default('off'),
    /** Days relative to the due date (negative: before), strictly increasing; empty: no reminders. */
    reminderDays: z
      .array(z.int().min(-60).max(365))
      .max(20)
      .refine(
        (days) => days.every((day, i) => i === 0 || day > (days[i - 1] ?? -Infinity)),
        'must be strictly increasing',
      )
      .default(DEFAULT_REMINDER_DAYS),
    /**
     * Attach each approved invoice's PDF to its opportunity/deal and account/company, replaced when it
     * changes. Off by default like sending: each filing costs a Xero call and CRM storage.
     */
    fileInCrm: z.boolean().default(false),
    /** Days a portal link in an e-mail stays valid. */
    portalLinkDays: z.int().min(1).max(90).default(30),
    brand: z
      .object({
        /** Shown as the sender and the portal's title; the Xero organisation's name when absent. */
        name: z.string().trim().min(1).max(100).optional(),
        /** #RRGGBB; the e-mail's and portal's accent. */
        colour: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1F6FEB')
          .default('#1F6FEB'),
        /** An https URL of the logo image. */
        logoUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
        /** Where customers' replies go (the SMTP account's address when absent). */
        replyTo: z.email({ error: 'must be an e-mail address' }).optional(),
      })
      .prefault({}),
  })
  .prefault({});

export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;
