import { z } from 'zod';

/** The most notices one request may carry (LedgerbridgeClosedWonNotifier.NOTICES_PER_REQUEST). */
export const MAX_NOTICES_PER_REQUEST = 200;

export const salesforceNoticeSchema = z.object({
  /** closed_won: the package's flow; resync: the Opportunity page's button (absent from older packages). */
  reason: z.enum(['closed_won', 'resync']).default('closed_won'),
  orgId: z.string().min(15),
  sobject: z.literal('Opportunity'),
  recordId: z.string().min(15),
  stageName: z.string(),
  systemModstamp: z.string(),
  eventId: z.string(),
});

export type SalesforceNotice = z.infer<typeof salesforceNoticeSchema>;

/**
 * What the package POSTs: the flow's batch (`{"notices": [...]}`, all won deals of one flow
 * invocation in one signed request) or one notice (the re-sync button, and packages before the
 * batch). Either way the route sees a list; a bad notice is named by its index (notices.3.recordId).
 */
export const salesforceNoticesSchema = z.unknown().transform((body, ctx): SalesforceNotice[] => {
  const isBatch = typeof body === 'object' && body !== null && 'notices' in body;
  const parsed = isBatch ? batchSchema.safeParse(body) : singleSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

const batchSchema = z
  .object({ notices: z.array(salesforceNoticeSchema).min(1).max(MAX_NOTICES_PER_REQUEST) })
  .transform((body) => body.notices);
const singleSchema = salesforceNoticeSchema.transform((notice) => [notice]);

/**
 * The org IDs an (already authenticated) body names, whichever shape it has; empty when it names
 * none or is not JSON. Read before validation, so an org-signed request can be refused before its
 * notices are looked at.
 */
export function orgIdsOf(raw: Buffer): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof json !== 'object' || json === null) return [];
  const notices: unknown = 'notices' in json ? json.notices : [json];
  if (!Array.isArray(notices)) return [];
  return notices.map((n: unknown) =>
    typeof n === 'object' && n !== null && 'orgId' in n ? n.orgId : undefined,
  );
}
