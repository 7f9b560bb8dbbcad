import { randomUUID } from 'node:crypto';
import { paymentsSection } from '../sync/installationSections';
import { findPaymentInXero } from '../../workflows/domain/stripe/appliedInXero';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import { minorUnitExponent, xeroAmountToMinor } from '../../workflows/domain/stripe/minorUnits';
import type { StripePaymentFacts } from '../../workflows/domain/stripe/stripePayment';
import type { AuditLog } from '../audit/auditLog';
import type { StripePaymentOutcome } from '../store/schema';
import { matchStripePayment, xeroOrganisationsOf, type MatchDeps } from './matchStripePayment';
import { settledOf, type SettledStripePayment, type StripePaymentStore } from './stripePaymentStore';
import {
  createXeroPayment,
  invoiceById,
  invoiceWithPayments,
  stripeClearingAccount,
} from './xeroPaymentReads';

export interface SettleDeps extends MatchDeps {
  payments: StripePaymentStore;
  audit: AuditLog;
  /** The installation's saved settings, unparsed (MappingSettingsStore.loadInstallation). */
  loadInstallationSettings(installationId: string): Promise<unknown>;
}

export interface SettleInput {
  installationId: string;
  /** The Stripe event being handled: the Idempotency-Key of the Xero payment is made from it. */
  eventId: string;
  payment: StripePaymentFacts;
}

/** The reference of a Xero payment Ledgerbridge records: quotes the Stripe ID (appliedInXero finds it). */
export const xeroReferenceOf = (stripePaymentId: string) => `Stripe ${stripePaymentId}`;

/**
 * What a Stripe payment becomes in Xero: matched to its invoice, then linked to the Xero payment
 * already there (Xero's own Stripe pay-now), or recorded as a new Xero payment when the settings say
 * so, or linked only. Ambiguities wait for a person (ops stripe-payment-resolve); a repeat returns
 * the stored outcome. The intent is stored before the Xero call and the call carries an
 * Idempotency-Key, and an invoice's settlements run one at a time.
 */
export async function settleStripePayment(
  deps: SettleDeps,
  input: SettleInput,
): Promise<SettledStripePayment> {
  const { installationId, payment } = input;
  const row = await deps.payments.ensure(installationId, payment.id);
  const stored = settledOf(row);
  if (stored) return stored;

  const finish = (
    outcome: StripePaymentOutcome,
    change: { reason?: string; candidates?: string[]; xeroPaymentId?: string } = {},
  ) => finishWith(deps, input, outcome, change);

  let target: { tenantId: string; invoiceId: string; rule: string } | undefined;
  if (row.decision && row.decision !== 'ignore') {
    // A person chose the invoice (ops stripe-payment-resolve): find which organisation has it.
    for (const org of await xeroOrganisationsOf(deps, installationId))
      if (await invoiceById(org.api, row.decision))
        target = { tenantId: org.tenantId, invoiceId: row.decision, rule: 'person' };
    if (!target) return finish('unmatched', { reason: 'decided_invoice_not_found' });
  } else {
    const { match, xeroTenantId } = await matchStripePayment(deps, input);
    if (match.kind === 'ambiguous')
      return finish('ambiguous', { reason: `ambiguous_${match.rule}`, candidates: match.candidates });
    if (match.kind === 'unmatched') return finish('unmatched', { reason: match.reason });
    if (!xeroTenantId) return finish('unmatched', { reason: 'metadata_invoice_not_found' });
    target = { tenantId: xeroTenantId, invoiceId: match.xeroInvoiceId, rule: match.rule };
  }
  const { tenantId, invoiceId } = target;
  await deps.payments.update(installationId, payment.id, {
    match_rule: target.rule,
    xero_tenant_id: tenantId,
    xero_invoice_id: invoiceId,
  });

  return deps.payments.withInvoiceLease(
    { installationId, xeroTenantId: tenantId, xeroInvoiceId: invoiceId },
    `${payment.id}:${randomUUID()}`,
    async () => {
      // Another run of this payment may have finished while this one waited for the lease.
      const current = await deps.payments.ensure(installationId, payment.id);
      const done = settledOf(current);
      if (done) return done;
      const org = (await xeroOrganisationsOf(deps, installationId)).find((o) => o.tenantId === tenantId);
      if (!org) return finish('unmatched', { reason: 'xero_organisation_not_connected' });
      const settings = paymentSettingsOf(await deps.loadInstallationSettings(installationId));
      const invoice = await invoiceWithPayments(org.api, invoiceId);
      const applied = findPaymentInXero({
        payment,
        invoiceCurrency: invoice.currency,
        xeroPayments: invoice.payments ?? [],
        linkedXeroPaymentIds: await deps.payments.linkedXeroPaymentIds(installationId, tenantId),
        timeZone: settings.timeZone,
      });
      if (applied.kind === 'applied') {
        // Ours, made before an answer was lost: the reference we wrote quotes the Stripe ID.
        const ours = current.intent_at !== null && applied.rule === 'reference';
        return finish(ours ? 'recorded' : 'applied_in_xero', {
          xeroPaymentId: applied.xeroPaymentId,
          reason: `${ours ? 'recorded_before' : 'applied'}_${applied.rule}`,
        });
      }
      if (applied.kind === 'ambiguous')
        return finish('ambiguous', {
          reason: `xero_payments_${applied.reason}`,
          candidates: applied.candidates,
        });
      if (!settings.recordInXero) return finish('linked_only', { reason: 'record_in_xero_off' });

      const exponent = minorUnitExponent(invoice.currency);
      if (exponent === undefined) return finish('linked_only', { reason: 'currency_not_compared' });
      // Paid meanwhile (by another Stripe payment or a person), or less due than paid: a person looks.
      const due = xeroAmountToMinor(invoice.amountDue, invoice.currency) ?? 0;
      if (invoice.status !== 'AUTHORISED' || due < payment.amount)
        return finish('ambiguous', {
          reason: invoice.status !== 'AUTHORISED' ? 'invoice_not_open' : 'payment_exceeds_amount_due',
          candidates: [invoiceId],
        });
      const accountCode = await stripeClearingAccount(org.api, invoice.currency);
      if (!accountCode) return finish('linked_only', { reason: 'no_clearing_account' });

      const key = current.intent_idempotency_key ?? `stripe-${input.eventId}`;
      await deps.payments.update(installationId, payment.id, {
        intent_event_id: current.intent_event_id ?? input.eventId,
        intent_idempotency_key: key,
        intent_at: current.intent_at ?? new Date(),
      });
      const xeroPaymentId = await createXeroPayment(
        org.api,
        {
          xeroInvoiceId: invoiceId,
          accountCode,
          amount: payment.amount / 10 ** exponent,
          date: dateInTimeZone(payment.succeeded_at, settings.timeZone),
          reference: xeroReferenceOf(payment.id),
        },
        key,
      );
      return finish('recorded', { xeroPaymentId, reason: `account_${accountCode}` });
    },
  );
}

/** The installation's `payments` section (worker/sync/installationSections.ts). */
export const paymentSettingsOf = paymentsSection;

async function finishWith(
  deps: SettleDeps,
  input: SettleInput,
  outcome: StripePaymentOutcome,
  change: { reason?: string; candidates?: string[]; xeroPaymentId?: string },
): Promise<SettledStripePayment> {
  const row = await deps.payments.update(input.installationId, input.payment.id, {
    outcome,
    reason: change.reason ?? null,
    candidates: change.candidates ?? [],
    xero_payment_id: change.xeroPaymentId ?? null,
    settled_by_event: input.eventId,
  });
  await deps.audit.record({
    action: 'stripe_payment.settle',
    outcome: outcome === 'recorded' || outcome === 'applied_in_xero' ? 'succeeded' : 'skipped',
    actor: 'worker',
    subject: {
      installationId: input.installationId,
      stripePaymentId: input.payment.id,
      xeroTenantId: row.xero_tenant_id,
      xeroInvoiceId: row.xero_invoice_id,
      xeroPaymentId: row.xero_payment_id,
    },
    detail: {
      result: outcome,
      reason: row.reason,
      candidates: row.candidates,
      eventId: input.eventId,
      rule: row.match_rule,
    },
  });
  const settled = settledOf(row);
  if (!settled) throw new Error(`stripe payment ${input.payment.id} was not settled`);
  return settled;
}
