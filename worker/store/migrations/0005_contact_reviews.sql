-- The review queue: a Xero contact whose CRM account could not be linked by the match rules (several
-- candidates, or none where the CRM owns contact data) waits here for a human, with the candidates.
-- One open row per contact and CRM connection; a later attempt refreshes it rather than adding one.
create table contact_reviews (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  resolved_at timestamptz,
  crm_connection_id uuid not null references connections (id) on delete cascade,
  xero_tenant_id text not null,
  xero_contact_id text not null,
  contact_name text not null,
  reason text not null check (reason in ('ambiguous', 'no_match')),
  rule text,
  candidates jsonb not null default '[]'::jsonb,
  unique (crm_connection_id, xero_contact_id)
);

create index contact_reviews_open_idx on contact_reviews (crm_connection_id) where resolved_at is null;
