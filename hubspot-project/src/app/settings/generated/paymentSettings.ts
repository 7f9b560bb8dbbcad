// GENERATED from workflows/domain/stripe/paymentSettings.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';
import { collectionScheduleSchema } from './collectionScheduleSchema';

/** Reminders on the 1st, 7th and 14th day overdue, the owner's task after 3 failed attempts, escalation at 30 days. */
export const DEFAULT_COLLECTION_SCHEDULE = {
  reminderDays: [1, 7, 14],
  ownerTaskAfterFailedAttempts: 3,
  escalationDay: 30,
};

/** An installation's payments settings (issue #22): the `payments` section of its mapping settings. */
export const paymentSettingsSchema = z
  .object({
    /**
     * Create the Xero payment for a matched Stripe payment Xero has not applied itself (needs the
     * `accounting.payments` scope). Off: Ledgerbridge links and shows it, and Xero stays as it is.
     */
    recordInXero: z.boolean().default(false),
    /** The collection steps of an overdue invoice. */
    collection: collectionScheduleSchema.default(DEFAULT_COLLECTION_SCHEDULE),
    /** Days before a subscription renews that its renewal opportunity/deal is made; null: none made. */
    renewalLeadDays: z.number().int().min(1).max(365).nullable().default(60),
    /** The IANA time zone in which collection days and the nightly figures are counted. */
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/London')
      .default('UTC'),
  })
  .prefault({});

export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;
