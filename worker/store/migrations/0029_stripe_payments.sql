-- Stripe payments against Xero (issue #22).

-- Which Xero contact (in which of the installation's organisations) a Stripe customer is. `linked_by`:
-- `metadata` (the customer's xero_contact_id), `email` (exactly one Xero contact with its e-mail) or
-- `person` (an ops decision). Only certain links are stored: an ambiguous customer is asked again.
create table stripe_customer_links (
  installation_id uuid not null references installations (id) on delete cascade,
  stripe_customer_id text not null check (stripe_customer_id like 'cus\_%'),
  xero_tenant_id text not null,
  xero_contact_id text not null,
  linked_by text not null check (linked_by in ('metadata', 'email', 'person')),
  linked_at timestamptz not null default now(),
  primary key (installation_id, stripe_customer_id)
);

-- One row per Stripe payment (pi_/in_/ch_) and what became of it in Xero. The intent (tenant,
-- invoice, Idempotency-Key) is stored before the Xero payment is created, so a retry after a lost
-- answer repeats the same request. `outcome` null: not settled yet (or a person chose an invoice and
-- the settlement runs again). A Xero payment is linked to at most one Stripe payment.
create table stripe_payments (
  installation_id uuid not null references installations (id) on delete cascade,
  stripe_payment_id text not null
    check (stripe_payment_id like 'pi\_%' or stripe_payment_id like 'in\_%' or stripe_payment_id like 'ch\_%'),
  match_rule text,
  xero_tenant_id text,
  xero_invoice_id text,
  candidates text[] not null default '{}',
  reason text,
  outcome text check (outcome in ('recorded', 'applied_in_xero', 'linked_only', 'ambiguous', 'unmatched')),
  xero_payment_id text,
  settled_by_event text,
  intent_event_id text,
  intent_idempotency_key text,
  intent_at timestamptz,
  decision text,
  decided_by text,
  decision_reason text,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (installation_id, stripe_payment_id)
);
create unique index stripe_payments_xero_payment
  on stripe_payments (installation_id, xero_tenant_id, xero_payment_id) where xero_payment_id is not null;
create index stripe_payments_review on stripe_payments (installation_id, outcome);

-- Settlements of one Xero invoice run one at a time (a lease, so a dead worker's claim expires).
create table stripe_invoice_locks (
  installation_id uuid not null references installations (id) on delete cascade,
  xero_tenant_id text not null,
  xero_invoice_id text not null,
  holder text not null,
  expires_at timestamptz not null,
  primary key (installation_id, xero_tenant_id, xero_invoice_id)
);
