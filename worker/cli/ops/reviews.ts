import { z } from 'zod';
import {
  reviewDecideRequestSchema,
  type ReviewDecideRequest,
} from '../../hubspotApp/contracts/contactReviews';
import { installationSlugSchema } from '../../installations/installationStore';
import { describeIssues } from '../../ingress/rawBody';
import { cliActor } from './decide';
import type { OpsContext } from './opsContext';

export const REVIEWS_USAGE = `  reviews [--installation <slug>]      contacts waiting for a person to link them (open reviews)
  resolve <reviewId> link <crmId> | create | ignore --reason "..."
                                       decides one; the syncs that waited on it resume`;

export type ReviewsCommand =
  { name: 'reviews'; installation: string | undefined } | { name: 'resolve'; request: ReviewDecideRequest };

/** Parses `reviews` and `resolve`; a message naming the bad argument otherwise. */
export function parseReviewsArgs(
  name: 'reviews' | 'resolve',
  positional: string[],
  named: Record<string, string>,
): ReviewsCommand | { error: string } {
  if (name === 'reviews') {
    if (named.installation === undefined) return { name, installation: undefined };
    const slug = installationSlugSchema.safeParse(named.installation);
    return slug.success
      ? { name, installation: slug.data }
      : { error: '--installation must be an installation slug' };
  }
  const [reviewId, decision, crmId] = positional;
  const parsed = reviewDecideRequestSchema.safeParse({
    reviewId,
    decision,
    ...(decision === 'link' && crmId !== undefined ? { crmId } : {}),
    ...(named.reason !== undefined ? { reason: named.reason } : {}),
  });
  if (!parsed.success) return { error: `resolve: ${describeIssues(parsed.error.issues)}` };
  return { name, request: parsed.data };
}

/** `ops reviews`: the open reviews, per installation, with their candidates and waiting records. */
export async function reviewsCommand(ctx: OpsContext, installationSlug: string | undefined): Promise<void> {
  const db = await ctx.db();
  let q = db.selectFrom('installations').select(['id', 'slug']).orderBy('slug');
  if (installationSlug) q = q.where('slug', '=', installationSlug);
  const installations = await q.execute();
  if (installationSlug && installations.length === 0)
    throw new Error(`no installation "${installationSlug}"`);
  const desk = await requireDesk(ctx);
  let shown = 0;
  for (const installation of installations) {
    const { reviews } = await desk.list({ installationId: installation.id });
    for (const r of reviews) {
      shown++;
      ctx.write(
        `${r.id}  ${installation.slug}  ${r.xeroOrganisation}: "${r.xeroContact.name}" (${r.xeroContact.id})  ${r.reason}, ${r.waitingRecords} waiting\n` +
          `    ${r.why}\n` +
          r.candidates.map((c) => `    candidate ${c.crmId}  ${c.name}\n`).join(''),
      );
    }
  }
  if (shown === 0) ctx.write('No contact waits for a decision.\n');
}

/** `ops resolve <reviewId> …`: the decision, audited as the person running the CLI. */
export async function resolveCommand(
  ctx: OpsContext,
  request: ReviewDecideRequest,
  by = cliActor(),
): Promise<void> {
  const db = await ctx.db();
  const review = await db
    .selectFrom('contact_reviews')
    .select(['installation_id'])
    .where('id', '=', z.uuid().parse(request.reviewId))
    .executeTakeFirst();
  if (!review) throw new Error(`no contact review ${request.reviewId} (see npm run ops -- reviews)`);
  const desk = await requireDesk(ctx);
  const answer = await desk.decide({ installationId: review.installation_id }, request, by);
  if (answer.status !== 200) throw new Error(answer.body.message);
  const { outcome, crmId, resumed } = answer.body;
  ctx.write(
    `${outcome}${crmId ? ` ${crmId}` : ''}; ${resumed} waiting sync${resumed === 1 ? '' : 's'} resumed (audited as ${by}).\n`,
  );
}

async function requireDesk(ctx: OpsContext) {
  if (!ctx.reviewDesk) throw new Error('the review desk is not available here');
  return ctx.reviewDesk();
}
