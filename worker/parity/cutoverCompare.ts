import { z } from 'zod';
import {
  crmDealFactsSchema,
  xeroInvoiceFactsSchema,
  type ParityFinding,
} from '../../workflows/domain/parity/parityFacts';
import {
  defaultTolerance,
  sameAmount,
  sameCalendarDate,
  showAmount,
} from '../../workflows/domain/parity/sameValue';
import type { ParityStore } from './parityStore';
import type { ShadowFlow, ShadowPlans } from './shadowPlans';

/** The parts of recorded plans the cutover report holds against the old process's records. */
const dealPlanSchema = z.object({
  kind: z.literal('upsert_deal'),
  deal: z.object({
    xeroInvoiceId: z.string(),
    invoiceNumber: z.string(),
    amount: z.number(),
    amountDue: z.number(),
    amountPaid: z.number(),
    invoiceStatus: z.string(),
    currency: z.string(),
    closeDate: z.string(),
  }),
});
const invoicePlanSchema = z.object({
  invoice: z.object({ date: z.string(), currency: z.string(), subTotalCents: z.number() }),
  contact: z.object({ xeroContactId: z.string().nullable() }).nullable(),
});

export interface CutoverTally {
  plans: number;
  agreeing: number;
}

export interface CutoverStep {
  after: { target: string; recordKey: string } | undefined;
  tally: CutoverTally;
  findings: ParityFinding[];
}

/**
 * One page of a cutover report: the newest shadow plan per record of one flow, each held against
 * what the customer's old process wrote (found in the run's snapshot by Xero ID, else by invoice
 * number). A plan agrees when every compared field does; each difference is a finding.
 */
export async function cutoverStep(
  deps: { parity: ParityStore; shadow: ShadowPlans },
  input: {
    runId: string;
    flow: ShadowFlow;
    /** xero_to_crm: `<crm>:<connectionId>`; crm_to_xero: deals of `<crm>:<account>:`. */
    target: string;
    after: { target: string; recordKey: string } | undefined;
    pageSize: number;
  },
): Promise<CutoverStep> {
  const all = await deps.shadow.latest(input.flow, input.after, input.pageSize);
  const page = all.filter((p) =>
    input.flow === 'xero_to_crm' ? p.target === input.target : p.record_key.startsWith(input.target),
  );
  const last = all.at(-1);
  const after = last ? { target: last.target, recordKey: last.record_key } : undefined;
  const findings: ParityFinding[] = [];
  const tally: CutoverTally = { plans: 0, agreeing: 0 };
  if (input.flow === 'xero_to_crm') {
    const plans = page.flatMap((p) => {
      const parsed = dealPlanSchema.safeParse(p.plan);
      return parsed.success ? [parsed.data.deal] : [];
    });
    const found = await deps.parity.findByIdOrNumber(input.runId, 'crm', {
      ids: plans.map((d) => d.xeroInvoiceId),
      numbers: plans.map((d) => d.invoiceNumber),
    });
    for (const planned of plans) {
      tally.plans++;
      const raw = found.byId.get(planned.xeroInvoiceId) ?? found.byNumber.get(planned.invoiceNumber);
      const label = `${planned.invoiceNumber} (${planned.xeroInvoiceId})`;
      if (!raw) {
        findings.push(noCounterpart(`xero_to_crm:${planned.xeroInvoiceId}`, label, 'no CRM deal for it'));
        continue;
      }
      const crm = crmDealFactsSchema.parse(raw);
      const differences = [
        amountDiff('amount', planned.amount, crm.amount),
        amountDiff('amount_due', planned.amountDue, crm.amountDue),
        amountDiff('amount_paid', planned.amountPaid, crm.amountPaid),
        crm.invoiceStatus !== planned.invoiceStatus
          ? { field: 'status', plan: planned.invoiceStatus, actual: crm.invoiceStatus ?? '(empty)' }
          : undefined,
        crm.currency !== undefined && crm.currency.toUpperCase() !== planned.currency
          ? { field: 'currency', plan: planned.currency, actual: crm.currency }
          : undefined,
        !crm.closeDate || !sameCalendarDate(planned.closeDate, crm.closeDate)
          ? { field: 'date', plan: planned.closeDate, actual: crm.closeDate ?? '(empty)' }
          : undefined,
      ].filter((d) => d !== undefined);
      if (differences.length === 0) tally.agreeing++;
      for (const d of differences)
        findings.push(
          mismatch(
            `xero_to_crm:${planned.xeroInvoiceId}:${d.field}`,
            planned.xeroInvoiceId,
            label,
            crm.id,
            d,
          ),
        );
    }
    return { after, tally, findings };
  }

  // CRM to Xero: the deal's record in the CRM says which invoice the old process made (its
  // number or ID), and the Xero snapshot has that invoice.
  const dealIds = page.map((p) => p.record_key.slice(input.target.length));
  const deals = await deps.parity.crmDeals(input.runId, dealIds);
  const refs = [...deals.values()].map((d) => crmDealFactsSchema.parse(d));
  const invoices = await deps.parity.findByIdOrNumber(input.runId, 'xero', {
    ids: refs.flatMap((d) => (d.xeroInvoiceId ? [d.xeroInvoiceId] : [])),
    numbers: refs.flatMap((d) => (d.invoiceNumber ? [d.invoiceNumber] : [])),
  });
  for (const p of page) {
    const parsed = invoicePlanSchema.safeParse(p.plan);
    if (!parsed.success) continue; // a plan of problems: nothing would have been written
    tally.plans++;
    const dealId = p.record_key.slice(input.target.length);
    const dealRaw = deals.get(dealId);
    const deal = dealRaw ? crmDealFactsSchema.parse(dealRaw) : undefined;
    const raw =
      (deal?.xeroInvoiceId ? invoices.byId.get(deal.xeroInvoiceId) : undefined) ??
      (deal?.invoiceNumber ? invoices.byNumber.get(deal.invoiceNumber) : undefined);
    if (!raw) {
      findings.push(
        noCounterpart(`crm_to_xero:${dealId}`, `deal ${dealId}`, 'no Xero invoice for it', dealId),
      );
      continue;
    }
    const invoice = xeroInvoiceFactsSchema.parse(raw);
    const planned = parsed.data;
    const differences = [
      amountDiff('amount', planned.invoice.subTotalCents / 100, invoice.subTotal),
      planned.invoice.currency !== invoice.currency
        ? { field: 'currency', plan: planned.invoice.currency, actual: invoice.currency }
        : undefined,
      planned.invoice.date !== invoice.date
        ? { field: 'date', plan: planned.invoice.date, actual: invoice.date }
        : undefined,
      planned.contact?.xeroContactId && planned.contact.xeroContactId !== invoice.contactId
        ? { field: 'contact', plan: planned.contact.xeroContactId, actual: invoice.contactId }
        : undefined,
    ].filter((d) => d !== undefined);
    if (differences.length === 0) tally.agreeing++;
    for (const d of differences)
      findings.push(
        mismatch(
          `crm_to_xero:${dealId}:${d.field}`,
          invoice.id,
          `${invoice.number} (${invoice.id})`,
          dealId,
          d,
        ),
      );
  }
  return { after, tally, findings };
}

function amountDiff(field: string, planned: number, actual: number | null | undefined) {
  if (actual !== null && actual !== undefined && sameAmount(planned, actual, defaultTolerance))
    return undefined;
  return { field, plan: showAmount(planned), actual: actual == null ? '(empty)' : showAmount(actual) };
}

function mismatch(
  key: string,
  xeroId: string,
  label: string,
  crmId: string,
  d: { field: string; plan: string; actual: string },
): ParityFinding {
  return {
    key: `shadow_mismatch:${key}`,
    kind: 'shadow_mismatch',
    entity: 'invoice',
    field: d.field,
    xero: { id: xeroId, label, value: d.plan },
    crm: { id: crmId, value: d.actual },
    message: `${d.field} on ${label}: Ledgerbridge would write ${d.plan}, the old process wrote ${d.actual}.`,
  };
}

function noCounterpart(key: string, label: string, what: string, crmId?: string): ParityFinding {
  return {
    key: `shadow_no_counterpart:${key}`,
    kind: 'shadow_no_counterpart',
    entity: 'invoice',
    ...(crmId ? { crm: { id: crmId } } : {}),
    message: `Ledgerbridge would have written ${label}; the old process left ${what}.`,
  };
}
