import { z } from 'zod';

/**
 * The HubSpot settings page's "Sync health" section and the worker (`GET /hubspot/health`).
 * Generated into hubspot-project/src/app/settings/generated/ so the page reads the answer with the
 * very schema the worker wrote it with.
 */

/** Only what a portal admin needs to act on: never scopes, tokens or expiry details. */
export const connectionHealthSchema = z.object({
  vendor: z.enum(['xero', 'hubspot']),
  name: z.string(),
  status: z.enum(['active', 'needs_reauth', 'disconnected']),
  lastRefreshError: z.string().nullable(),
});
export type ConnectionHealth = z.infer<typeof connectionHealthSchema>;

/** A cutover run: per flow, how many of shadow mode's plans the old process's records agree with. */
export const cutoverAgreementSchema = z.record(
  z.string(),
  z.object({ plans: z.number().int().min(0), agreeing: z.number().int().min(0) }),
);

export const parityRunSummarySchema = z.object({
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  pairsCompared: z.number().int().min(0),
  findings: z.number().int().min(0),
  byKind: z.record(z.string(), z.number().int().min(0)),
  mode: z.string(),
  agreement: cutoverAgreementSchema.nullable(),
});
export type ParityRunSummary = z.infer<typeof parityRunSummarySchema>;

export const parityFindingSchema = z.object({
  kind: z.string(),
  entity: z.string(),
  field: z.string().nullable(),
  xeroId: z.string().nullable(),
  xeroLabel: z.string().nullable(),
  xeroValue: z.string().nullable(),
  crmId: z.string().nullable(),
  crmValue: z.string().nullable(),
  message: z.string(),
});
export type ParityFindingView = z.infer<typeof parityFindingSchema>;

/** The page shows at most this many of the newest run's findings; `total` says how many there are. */
export const FINDINGS_SHOWN = 200;

export const recentFailureSchema = z.object({
  action: z.string(),
  occurredAt: z.iso.datetime(),
  error: z.string().nullable(),
});
export type RecentFailure = z.infer<typeof recentFailureSchema>;

const common = {
  connections: z.array(connectionHealthSchema),
  /** Failed audit rows about this portal's sync in the last 24 hours, newest first (at most 20). */
  recentFailures: z.array(recentFailureSchema).max(20),
};

export const syncHealthSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('checked'),
    ...common,
    /** Finished parity runs of this portal and the Xero organisation, newest first (at most 10). */
    runs: z.array(parityRunSummarySchema).min(1).max(10),
    newestFindings: z.object({
      runId: z.string(),
      total: z.number().int().min(0),
      rows: z.array(parityFindingSchema).max(FINDINGS_SHOWN),
    }),
  }),
  /** Connected, but no parity check has finished yet: nothing to compare against. */
  z.object({ status: z.literal('never_checked'), ...common, message: z.string() }),
  /** A parity check pairs the one Xero organisation with this portal: with none there is no check. */
  z.object({ status: z.literal('no_xero_connection'), ...common, message: z.string() }),
  z.object({ status: z.literal('several_xero_connections'), ...common, message: z.string() }),
]);
export type SyncHealth = z.infer<typeof syncHealthSchema>;
