import { z } from 'zod';

/**
 * The contact review queue's contract with both CRM packages: the HubSpot settings page
 * (`GET /hubspot/reviews`, `POST /hubspot/reviews/decide`) and the Salesforce Apex callouts
 * (`POST /salesforce/reviews`, `POST /salesforce/reviews/decide`) answer and accept the same shapes.
 * A review is a Xero contact the match rules could not link on their own: a person links it to a CRM
 * record, has one created, or ignores it; every sync that waited on it then resumes.
 */

export const reviewReasons = ['ambiguous', 'no_match'] as const;
export const reviewDecisionKinds = ['link', 'create', 'ignore'] as const;

/** A CRM record the person may choose, and why the match rules offered it. */
export const reviewCandidateSchema = z.object({
  crmId: z.string().min(1),
  name: z.string(),
  /** The match rule that found it (`taxNumber`, `email`, `name`); null when none did. */
  rule: z.string().nullable(),
  why: z.string(),
});
export type ReviewCandidate = z.infer<typeof reviewCandidateSchema>;

export const reviewViewSchema = z.object({
  id: z.uuid(),
  xeroTenantId: z.string(),
  xeroOrganisation: z.string(),
  xeroContact: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    taxNumber: z.string().nullable(),
  }),
  reason: z.enum(reviewReasons),
  /** The rule several candidates tied on (ambiguous); null for no_match. */
  rule: z.string().nullable(),
  /** One sentence for the person: why this contact waits for them. */
  why: z.string(),
  candidates: z.array(reviewCandidateSchema),
  /** How many Xero records (invoices, payments…) wait on this decision. */
  waitingRecords: z.number().int().min(0),
  createdAt: z.iso.datetime(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const reviewListSchema = z.object({
  reviews: z.array(reviewViewSchema),
  total: z.number().int().min(0),
});
export type ReviewList = z.infer<typeof reviewListSchema>;

/** crmId is required to link, reason to ignore (400 names the missing field). */
export const reviewDecideRequestSchema = z
  .object({
    reviewId: z.uuid(),
    decision: z.enum(reviewDecisionKinds),
    crmId: z.string().trim().min(1).max(255).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((req, ctx) => {
    if (req.decision === 'link' && req.crmId === undefined)
      ctx.addIssue({ code: 'custom', path: ['crmId'], message: 'crmId is required to link' });
    if (req.decision === 'ignore' && req.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason is required to ignore' });
  });
export type ReviewDecideRequest = z.infer<typeof reviewDecideRequestSchema>;

export const reviewDecidedSchema = z.object({
  outcome: z.enum(['linked', 'created', 'ignored']),
  /** The CRM record the contact is now linked to; null when ignored. */
  crmId: z.string().nullable(),
  /** How many waiting syncs were resumed. */
  resumed: z.number().int().min(0),
});
export type ReviewDecided = z.infer<typeof reviewDecidedSchema>;

/** 409: the message is meant to be shown to the person as it is. */
export const reviewRefusedSchema = z.object({
  error: z.enum(['review_conflict', 'review_closed']),
  message: z.string(),
});
export type ReviewRefused = z.infer<typeof reviewRefusedSchema>;

/** The Salesforce callouts name the acting user (the org signature vouches for the org, not the user). */
export const salesforceReviewListRequestSchema = z.object({
  userId: z.string().regex(/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, 'a Salesforce user ID'),
});
export const salesforceReviewDecideRequestSchema = z
  .object({
    userId: salesforceReviewListRequestSchema.shape.userId,
    reviewId: z.uuid(),
    decision: z.enum(reviewDecisionKinds),
    crmId: z.string().trim().min(1).max(255).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((req, ctx) => {
    if (req.decision === 'link' && req.crmId === undefined)
      ctx.addIssue({ code: 'custom', path: ['crmId'], message: 'crmId is required to link' });
    if (req.decision === 'ignore' && req.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason is required to ignore' });
  });
