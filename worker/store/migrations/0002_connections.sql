-- A connection is one customer account at one vendor: a Xero organisation (tenant), a Salesforce
-- org or a HubSpot portal. Credentials are sealed with AES-256-GCM before they reach this table
-- (worker/connections/secretBox.ts); nothing here is a usable token.
create table connections (
  id uuid primary key default gen_random_uuid(),
  vendor text not null check (vendor in ('xero', 'salesforce', 'hubspot')),
  external_id text not null,
  display_name text not null default '',
  status text not null default 'active' check (status in ('active', 'needs_reauth', 'disconnected')),
  scopes text[] not null default '{}',
  -- Non-secret settings: instance URL, login URL, auth event id, token endpoint.
  settings jsonb not null default '{}'::jsonb,
  credentials jsonb not null,
  access_expires_at timestamptz,
  -- Bumped on every credential write; writers compare-and-set on it so a stale refresh never wins.
  credentials_version integer not null default 1,
  last_refresh_at timestamptz,
  last_refresh_error text,
  refresh_failures integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (vendor, external_id)
);
