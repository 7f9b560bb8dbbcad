import { z } from 'zod';

/**
 * The HubSpot settings page's "Receivables" tab and the worker (`GET /hubspot/receivables`): the
 * newest nightly receivables snapshot of the portal's installation (issue #22), per currency
 * (amounts in different currencies are never added). Generated into
 * hubspot-project/src/app/settings/generated/ so the page reads the answer with this very schema.
 */

/** One currency's figures: the ageing buckets by days overdue, and DSO (null: no credit sales in 90 days). */
export const receivablesFiguresSchema = z.object({
  currency: z.string(),
  current: z.number(),
  days1to30: z.number(),
  days31to60: z.number(),
  days61to90: z.number(),
  over90: z.number(),
  outstanding: z.number(),
  creditSales90: z.number(),
  daysSalesOutstanding: z.number().nullable(),
});
export type ReceivablesFigures = z.infer<typeof receivablesFiguresSchema>;

export const receivablesViewSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('computed'),
    /** The installation's date the figures are for, YYYY-MM-DD. */
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    computedAt: z.iso.datetime(),
    overdueInvoices: z.number().int().nonnegative(),
    figures: z.array(receivablesFiguresSchema),
  }),
  z.object({ status: z.literal('never_computed'), message: z.string() }),
]);
export type ReceivablesView = z.infer<typeof receivablesViewSchema>;
