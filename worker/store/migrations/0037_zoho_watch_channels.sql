-- Zoho CRM notification channels (issue #24), one per Zoho connection: the channel's ID (Zoho's are
-- longs; ours stay below 2^53 so every driver reads them exactly) and the token Zoho echoes in each
-- callback, sealed like connection credentials (worker/connections/secretBox.ts, bound to the
-- connection). `expires_at` is the expiry Zoho last confirmed, `renewed_at` when it did.
create table zoho_watch_channels (
  connection_id uuid primary key references connections (id) on delete cascade,
  installation_id uuid not null references installations (id) on delete cascade,
  channel_id bigint not null unique check (channel_id > 0),
  token_sealed jsonb not null,
  expires_at timestamptz,
  renewed_at timestamptz,
  created_at timestamptz not null default now()
);
