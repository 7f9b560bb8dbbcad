-- Stripe (issue #22). One Stripe account per installation: its restricted API key and its webhook
-- endpoint's signing secret, both sealed like connection credentials (worker/connections/secretBox.ts,
-- bound to the installation); only a hint of the key (its mode and last four characters) is readable.
create table stripe_connections (
  installation_id uuid primary key references installations (id) on delete cascade,
  livemode boolean not null,
  key_hint text not null,
  api_key_sealed jsonb not null,
  webhook_secret_sealed jsonb not null,
  connected_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every Stripe event accepted by POST /webhooks/stripe/<installation>, once per event ID: Stripe
-- delivers at least once, so a repeat is recognised here and not handed over again. Only the fields
-- Ledgerbridge validated are kept (a customer's details stay in Stripe). `handed_over_at` is set
-- once Temporal took the event; a row without it (Temporal was away, the installation paused) is
-- handed over by the next delivery of the same event or by a resume.
create table stripe_events (
  installation_id uuid not null references installations (id) on delete cascade,
  event_id text not null check (event_id like 'evt\_%'),
  type text not null,
  object_type text not null,
  object_id text not null,
  workflow_id text not null,
  created timestamptz not null,
  livemode boolean not null,
  fields jsonb not null,
  received_at timestamptz not null default now(),
  handed_over_at timestamptz,
  primary key (installation_id, event_id)
);
create index stripe_events_pending on stripe_events (installation_id, created) where handed_over_at is null;
