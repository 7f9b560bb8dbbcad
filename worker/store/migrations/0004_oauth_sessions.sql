-- One row per connect attempt: the OAuth `state` we sent and the PKCE verifier that goes with it
-- (sealed, it is a secret). A callback must match an unexpired, unused row; each row is used once.
create table oauth_sessions (
  state text primary key,
  vendor text not null check (vendor in ('xero', 'salesforce', 'hubspot')),
  code_verifier jsonb not null,
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
