import type { Client } from '@hubspot/api-client';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
  type PropertyCreate,
} from '@hubspot/api-client/lib/codegen/crm/properties';

/**
 * The properties Ledgerbridge keeps on HubSpot records, created on first use in each object's
 * built-in information group (every portal has it, so no group needs creating). The link IDs have
 * unique values, so they can be used as `idProperty` for upserts.
 */
const GROUP = { companies: 'companyinformation', deals: 'dealinformation' } as const;
const text = (name: string, label: string, unique = false): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.String,
  fieldType: PropertyCreateFieldTypeEnum.Text,
  hasUniqueValue: unique,
});
const number = (name: string, label: string): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.Number,
  fieldType: PropertyCreateFieldTypeEnum.Number,
});

const checkbox = (name: string, label: string): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.Bool,
  fieldType: PropertyCreateFieldTypeEnum.Booleancheckbox,
  options: [
    { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
    { label: 'No', value: 'false', displayOrder: 1, hidden: false },
  ],
});

/** A property Ledgerbridge writes, with its help text (HubSpot shows the description beside the field). */
const described = (
  property: Omit<PropertyCreate, 'groupName'>,
  description: string,
): Omit<PropertyCreate, 'groupName'> => ({ ...property, description });
const date = (name: string, label: string, time = false): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: time ? PropertyCreateTypeEnum.Datetime : PropertyCreateTypeEnum.Date,
  fieldType: PropertyCreateFieldTypeEnum.Date,
});
const select = (
  name: string,
  label: string,
  options: Array<[string, string]>,
): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.Enumeration,
  fieldType: PropertyCreateFieldTypeEnum.Select,
  options: options.map(([value, optionLabel], displayOrder) => ({
    label: optionLabel,
    value,
    displayOrder,
    hidden: false,
  })),
});

/** What the Stripe payments port writes (hubspotPaymentsPort.ts, issue #22). */
export const PAYMENT_PROPERTIES = {
  deals: [
    described(
      select('ledgerbridge_payment_status', 'Payment status (Stripe)', [
        ['paid', 'Paid'],
        ['failed', 'Failed, will retry'],
        ['retries_exhausted', 'Retries exhausted'],
        ['refunded', 'Refunded'],
        ['partially_refunded', 'Partially refunded'],
        ['disputed', 'Disputed'],
      ]),
      "Where the deal's card or bank payment stands at Stripe. Set by Ledgerbridge.",
    ),
    described(
      date('ledgerbridge_next_payment_attempt', 'Next payment attempt', true),
      'When Stripe will try the failed payment again; empty when no retry is planned. Set by Ledgerbridge.',
    ),
    described(
      text('ledgerbridge_last_decline_code', 'Last decline code'),
      'Why the bank declined the last attempt, as a code such as card_declined. Set by Ledgerbridge.',
    ),
    described(
      number('ledgerbridge_refunded_amount', 'Refunded amount'),
      "Refunded through Stripe so far, in the deal's currency. Set by Ledgerbridge.",
    ),
    described(
      text('ledgerbridge_dispute_status', 'Dispute status'),
      'The open dispute: its status, reason and amount as Stripe reports them; empty without one.',
    ),
    described(
      text('stripe_reference', 'Stripe reference'),
      'The Stripe payment (pi_…) or invoice (in_…) shown: search it in the Stripe Dashboard.',
    ),
    described(
      number('ledgerbridge_subscription_arr', 'Subscription ARR'),
      "What the deal's Stripe subscription brings in a year. Set by Ledgerbridge.",
    ),
    described(
      number('ledgerbridge_subscription_mrr', 'Subscription MRR'),
      "What the deal's Stripe subscription brings in a month. Set by Ledgerbridge.",
    ),
    described(
      date('ledgerbridge_renewal_date', 'Renewal date'),
      'When the Stripe subscription renews; empty when it is set to end. Set by Ledgerbridge.',
    ),
    described(
      text('stripe_subscription_status', 'Subscription status (Stripe)'),
      "The Stripe subscription's status in Stripe's words (active, past_due, canceled, …).",
    ),
    described(
      text('stripe_subscription_id', 'Stripe subscription ID'),
      'The Stripe subscription (sub_…) whose value the deal shows.',
    ),
    described(
      text('ledgerbridge_renewal_key', 'Ledgerbridge renewal key', true),
      'Set on the renewal deal Ledgerbridge makes for a subscription period, so it is made once. Do not change it.',
    ),
  ],
  companies: [
    described(
      number('ledgerbridge_subscription_arr', 'Subscription ARR'),
      "What the company's live Stripe subscriptions bring in a year, in the base currency.",
    ),
    described(
      number('ledgerbridge_subscription_mrr', 'Subscription MRR'),
      "What the company's live Stripe subscriptions bring in a month, in the base currency.",
    ),
    described(
      number('ledgerbridge_dso', 'Days sales outstanding'),
      'Unpaid now divided by what was invoiced in the last 90 days, times 90; empty with no sales then.',
    ),
    described(
      number('ledgerbridge_receivables_current', 'Receivables: not yet due'),
      'Owed on Xero invoices not yet due. Set by Ledgerbridge nightly.',
    ),
    described(
      number('ledgerbridge_receivables_1_30', 'Receivables: 1-30 days overdue'),
      'Owed on Xero invoices 1 to 30 days past due. Set by Ledgerbridge nightly.',
    ),
    described(
      number('ledgerbridge_receivables_31_60', 'Receivables: 31-60 days overdue'),
      'Owed on Xero invoices 31 to 60 days past due. Set by Ledgerbridge nightly.',
    ),
    described(
      number('ledgerbridge_receivables_61_90', 'Receivables: 61-90 days overdue'),
      'Owed on Xero invoices 61 to 90 days past due. Set by Ledgerbridge nightly.',
    ),
    described(
      number('ledgerbridge_receivables_over_90', 'Receivables: over 90 days overdue'),
      'Owed on Xero invoices more than 90 days past due. Set by Ledgerbridge nightly.',
    ),
    described(
      date('ledgerbridge_receivables_as_of', 'Receivables as of'),
      'The day the receivables figures and days sales outstanding were worked out.',
    ),
  ],
};

/**
 * Order intake on the company (issue #24): whether a rep let it buy on account (read by
 * hubspotPaymentsPort.accountForXeroContact, never written by Ledgerbridge), and its orders' state
 * (written by writeAccountFigures).
 */
export const ORDER_PROPERTIES = {
  companies: [
    described(
      checkbox('ledgerbridge_monthly_billing', 'Monthly billing'),
      'Tick to let this company order on account: its web-shop orders are gathered and invoiced once at month end. Unticked, orders must be paid by card.',
    ),
    described(
      number('ledgerbridge_orders_awaiting_billing', 'Orders awaiting billing'),
      "How many of the company's orders on account wait for the month-end Xero invoice. Set by Ledgerbridge.",
    ),
    described(
      number('ledgerbridge_orders_awaiting_amount', 'Orders awaiting amount'),
      "What the company's orders waiting for the month-end Xero invoice add up to. Set by Ledgerbridge.",
    ),
    described(
      text('ledgerbridge_last_order', 'Last order'),
      'The latest web-shop order and what became of it, e.g. "W-1042 · invoiced INV-0107 · 2026-11-03". Set by Ledgerbridge.',
    ),
  ],
};

export const LEDGERBRIDGE_PROPERTIES: Record<
  'companies' | 'deals',
  Array<Omit<PropertyCreate, 'groupName'>>
> = {
  companies: [
    text('xero_contact_id', 'Xero contact ID', true),
    number('xero_outstanding_balance', 'Xero outstanding balance'),
    number('xero_overdue_amount', 'Xero overdue amount'),
    ...PAYMENT_PROPERTIES.companies,
    ...ORDER_PROPERTIES.companies,
  ],
  deals: [
    text('xero_invoice_id', 'Xero invoice ID', true),
    text('xero_invoice_number', 'Xero invoice number'),
    text('xero_invoice_status', 'Xero invoice status'),
    text('xero_invoice_url', 'Xero online invoice'),
    number('xero_amount_due', 'Xero amount due'),
    number('xero_amount_paid', 'Xero amount paid'),
    text('xero_payment_status', 'Xero payment status'),
    text('ledgerbridge_sync_problem', 'Ledgerbridge: why this deal was not invoiced'),
    number('ledgerbridge_payment_retry_count', 'Ledgerbridge: failed payment attempts'),
    checkbox('ledgerbridge_discount_approved', 'Discount approved (Ledgerbridge)'),
    ...PAYMENT_PROPERTIES.deals,
  ],
};

/** Creates whichever of our properties the portal lacks. Idempotent. */
export async function ensureLedgerbridgeProperties(client: Client): Promise<void> {
  for (const objectType of ['companies', 'deals'] as const) {
    const existing = new Set(
      (await client.crm.properties.coreApi.getAll(objectType)).results.map((p) => p.name),
    );
    const missing = LEDGERBRIDGE_PROPERTIES[objectType].filter((p) => !existing.has(p.name));
    if (missing.length === 0) continue;
    for (const property of missing)
      await client.crm.properties.coreApi.create(objectType, { ...property, groupName: GROUP[objectType] });
  }
}
