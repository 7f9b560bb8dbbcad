-- Stripe subscriptions as Ledgerbridge last applied them (issue #22): their value (ARR/MRR in the
-- currency's minor units), renewal date, and what they belong to: the Xero contact of their customer
-- (stripe_customer_links) and the Xero invoice whose deal shows them (the subscription's metadata
-- xero_invoice_id, or the latest of its Stripe invoices matched to a Xero invoice). The account's
-- totals are sums over these rows.
create table stripe_subscriptions (
  installation_id uuid not null references installations (id) on delete cascade,
  stripe_subscription_id text not null check (stripe_subscription_id like 'sub\_%'),
  stripe_customer_id text not null,
  status text,
  currency text,
  arr_minor bigint not null default 0,
  mrr_minor bigint not null default 0,
  -- One renewal period's amount (minor units) and its length in months, for the renewal deal.
  period_amount_minor bigint not null default 0,
  period_months integer,
  renews_at timestamptz,
  xero_tenant_id text,
  xero_contact_id text,
  xero_invoice_id text,
  updated_at timestamptz not null default now(),
  primary key (installation_id, stripe_subscription_id)
);
create index stripe_subscriptions_by_contact on stripe_subscriptions (installation_id, xero_contact_id);
