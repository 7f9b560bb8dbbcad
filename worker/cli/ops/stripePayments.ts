import { z } from 'zod';
import { InstallationStore } from '../../installations/installationStore';
import { resettleStripePayment } from '../../payments/resettleStripePayment';
import { stripeEventDispatcher } from '../../webhooks/stripeEventDispatcher';
import { StripeEventLedger } from '../../webhooks/stripeEventLedger';
import { AuditLog } from '../../audit/auditLog';
import { installationSlugSchema } from '../../installations/installationStore';
import { StripePaymentStore } from '../../payments/stripePaymentStore';
import { cliActor } from './decide';
import { installationIdOf, type OpsContext } from './opsContext';

export const STRIPE_PAYMENTS_USAGE = `  stripe-payments [--installation <slug>] [--review]
                                       Stripe payments and what became of them in Xero (--review: waiting for a person)
  stripe-payment-resolve <stripe payment id> <xero invoice id> | ignore --reason "..." [--installation <slug>]
                                       a person's decision on an ambiguous or unmatched payment (audited);
                                       an invoice is paid at the payment's next settlement`;

export type StripePaymentsCommand =
  | { name: 'stripe-payments'; installation: string | undefined; review: boolean }
  | {
      name: 'stripe-payment-resolve';
      stripePaymentId: string;
      decision: string;
      reason: string;
      installation: string | undefined;
    };

const resolveSchema = z.object({
  stripePaymentId: z
    .string({ error: 'name the Stripe payment (pi_…, in_… or ch_…)' })
    .regex(/^(pi|in|ch)_[A-Za-z0-9]+$/, { error: 'the Stripe payment ID must look like pi_…, in_… or ch_…' }),
  decision: z.union([z.literal('ignore'), z.uuid({ error: 'decide a Xero invoice ID (a GUID) or ignore' })], {
    error: 'decide a Xero invoice ID (a GUID) or ignore',
  }),
  reason: z
    .string({ error: 'needs --reason "why"' })
    .trim()
    .min(3, { error: 'needs --reason "why" (a few words)' }),
});

/** Parses `stripe-payments` and `stripe-payment-resolve`; a message naming the bad argument otherwise. */
export function parseStripePaymentsArgs(
  name: StripePaymentsCommand['name'],
  positional: string[],
  named: Record<string, string>,
): StripePaymentsCommand | { error: string } {
  // The shared flag reader gives a bare flag the next argument: `--review --installation x`.
  const review = 'review' in named;
  if (named.review === '--installation') named = { ...named, installation: positional[0] ?? '' };
  else if (named.review) return { error: `${name}: --review takes no value` };
  let installation: string | undefined;
  if (named.installation !== undefined) {
    const slug = installationSlugSchema.safeParse(named.installation);
    if (!slug.success) return { error: '--installation must be an installation slug' };
    installation = slug.data;
  }
  if (name === 'stripe-payments') return { name, installation, review };
  const parsed = resolveSchema.safeParse({
    stripePaymentId: positional[0],
    decision: positional[1]?.toLowerCase(),
    reason: named.reason,
  });
  if (!parsed.success) return { error: `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { name, ...parsed.data, installation };
}

const optionalInstallationId = (ctx: OpsContext, slug: string | undefined) =>
  slug ? installationIdOf(ctx, slug) : Promise.resolve(undefined);

/** `ops stripe-payments`: each Stripe payment, its Xero invoice and payment, or why it waits. */
export async function stripePaymentsCommand(
  ctx: OpsContext,
  command: Extract<StripePaymentsCommand, { name: 'stripe-payments' }>,
): Promise<void> {
  const installationId = await optionalInstallationId(ctx, command.installation);
  const rows = await new StripePaymentStore(await ctx.db()).list({
    ...(installationId ? { installationId } : {}),
    review: command.review,
  });
  for (const r of rows) {
    const where = r.xero_invoice_id
      ? `invoice ${r.xero_invoice_id} (${r.xero_tenant_id ?? '?'})`
      : 'no invoice';
    ctx.write(
      `${r.stripe_payment_id}  ${r.slug}  ${r.outcome ?? 'pending'}  ${where}` +
        (r.xero_payment_id ? `  Xero payment ${r.xero_payment_id}` : '') +
        (r.reason ? `  (${r.reason})` : '') +
        '\n' +
        (r.candidates.length > 0 ? `    candidates ${r.candidates.join(', ')}\n` : '') +
        (r.decision
          ? `    decided ${r.decision} by ${r.decided_by ?? '?'}: ${r.decision_reason ?? ''}\n`
          : ''),
    );
  }
  if (rows.length === 0)
    ctx.write(command.review ? 'No Stripe payment waits for a person.\n' : 'No Stripe payments.\n');
}

/** `ops stripe-payment-resolve`: a person's decision, stored and audited; an invoice is paid next settlement. */
export async function stripePaymentResolveCommand(
  ctx: OpsContext,
  command: Extract<StripePaymentsCommand, { name: 'stripe-payment-resolve' }>,
  by = cliActor(),
): Promise<void> {
  const db = await ctx.db();
  const installationId = await optionalInstallationId(ctx, command.installation);
  let q = db
    .selectFrom('stripe_payments')
    .selectAll()
    .where('stripe_payment_id', '=', command.stripePaymentId);
  if (installationId) q = q.where('installation_id', '=', installationId);
  const rows = await q.execute();
  const row = rows[0];
  if (!row)
    throw new Error(`no Stripe payment ${command.stripePaymentId} (see npm run ops -- stripe-payments)`);
  if (rows.length > 1)
    throw new Error(`${command.stripePaymentId} is in several installations: add --installation`);
  if (row.outcome !== 'ambiguous' && row.outcome !== 'unmatched')
    throw new Error(
      `${command.stripePaymentId} is ${row.outcome ?? 'not settled yet'}: only ambiguous or unmatched ones are decided`,
    );

  const ignore = command.decision === 'ignore';
  await new StripePaymentStore(db).update(row.installation_id, row.stripe_payment_id, {
    decision: command.decision,
    decided_by: by,
    decision_reason: command.reason,
    decided_at: new Date(),
    // An invoice: pending again, settled against it next time; ignore: stays unmatched, for good.
    ...(ignore ? { outcome: 'unmatched', reason: 'ignored_by_person' } : { outcome: null, reason: null }),
  });
  await new AuditLog(db).record({
    action: 'stripe_payment.resolve',
    outcome: 'succeeded',
    actor: by,
    subject: {
      installationId: row.installation_id,
      stripePaymentId: row.stripe_payment_id,
      ...(ignore ? {} : { xeroInvoiceId: command.decision }),
    },
    detail: { decision: command.decision, reason: command.reason, before: row.outcome },
  });
  if (ignore) return ctx.write(`${row.stripe_payment_id} ignored.\n`);
  const installation = await new InstallationStore(db).get(row.installation_id);
  const how = installation
    ? await resettleStripePayment({
        client: await ctx.client(),
        ledger: new StripeEventLedger(db),
        dispatch: stripeEventDispatcher(await ctx.client(), ctx.taskQueue),
        installation,
        stripePaymentId: row.stripe_payment_id,
        by,
      })
    : 'no_events';
  ctx.write(
    how === 'no_events'
      ? `${row.stripe_payment_id} will be settled against invoice ${command.decision} at its next event.\n`
      : `${row.stripe_payment_id} is being settled against invoice ${command.decision} (npm run ops -- stripe-payments).\n`,
  );
}
