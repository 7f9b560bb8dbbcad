-- Order intake (issue #24). Each installation's order endpoint: the HMAC signing secret (and the one
-- it replaced, accepted until the next rotation, so a site can switch without losing orders), the
-- bearer token's SHA-256 (for sites that can only send a fixed header), the Xero organisation the
-- orders are invoiced in, the bank account card payments are recorded to (null: the organisation's
-- only bank account in the order's currency) and where rejected orders are reported. The row is also
-- the installation's lock for the month end (monthEndLedger.ts).
create table order_endpoints (
  installation_id uuid primary key references installations (id) on delete cascade,
  signing_secret_sealed jsonb not null,
  previous_secret_sealed jsonb,
  token_sha256 text not null,
  xero_tenant_id text not null,
  card_account_code text,
  customer_service_email text not null,
  issued_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every order accepted by POST /orders/<installation>, once per the site's order ID. `body_sha256`
-- tells a repeat (answered as before) from a different order under a used ID (refused 409).
-- received → invoiced (card), → awaiting_month_end → billing → billed (account), or → rejected.
-- `handed_over_at` is set once Temporal has the order's workflow; a row without it is handed over by
-- the site's next post of the same order.
create table orders (
  installation_id uuid not null references installations (id) on delete cascade,
  order_id text not null,
  body_sha256 text not null,
  payment_method text not null check (payment_method in ('card', 'account')),
  customer_email text not null,
  currency text not null,
  total_cents bigint not null check (total_cents >= 0),
  placed_at timestamptz not null,
  fields jsonb not null,
  state text not null default 'received'
    check (state in ('received', 'invoiced', 'awaiting_month_end', 'billing', 'billed', 'rejected')),
  xero_contact_id text,
  xero_invoice_id text,
  billing_period text check (billing_period ~ '^\d{4}-\d{2}$'),
  reason text,
  received_at timestamptz not null default now(),
  handed_over_at timestamptz,
  -- When customer service was told of the rejection (e-mail and CRM task), so a retry tells it once.
  notified_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (installation_id, order_id)
);
create index orders_awaiting on orders (installation_id, billing_period, xero_contact_id, currency)
  where state = 'awaiting_month_end';
create index orders_by_contact on orders (installation_id, xero_contact_id, received_at);

-- One month-end invoice per installation, period, Xero contact and currency: the intent (its orders
-- frozen in `order_ids`) is written before Xero is asked, the invoice ID after.
create table order_invoices (
  installation_id uuid not null references installations (id) on delete cascade,
  billing_period text not null,
  xero_contact_id text not null,
  currency text not null,
  order_ids jsonb not null,
  total_cents bigint not null check (total_cents >= 0),
  xero_invoice_id text,
  created_at timestamptz not null default now(),
  invoiced_at timestamptz,
  primary key (installation_id, billing_period, xero_contact_id, currency)
);

-- A signed post that was not a valid order: kept once per body so customer service hears of it once.
create table order_rejections (
  installation_id uuid not null references installations (id) on delete cascade,
  body_sha256 text not null,
  order_id text,
  reason text not null,
  received_at timestamptz not null default now(),
  handed_over_at timestamptz,
  notified_at timestamptz,
  primary key (installation_id, body_sha256)
);
