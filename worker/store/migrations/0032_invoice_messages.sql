-- Invoice delivery by Ledgerbridge (issue #23). Each installation's SMTP account: where to send
-- from, its password sealed like connection credentials (worker/connections/secretBox.ts, bound to
-- the installation); `mode` is where Ledgerbridge ran when it was connected (a sandbox account is
-- refused by a live worker).
create table mail_accounts (
  installation_id uuid primary key references installations (id) on delete cascade,
  mode text not null check (mode in ('sandbox', 'live')),
  host text not null,
  port integer not null check (port between 1 and 65535),
  security text not null check (security in ('tls', 'starttls', 'none')),
  username text,
  password_sealed jsonb,
  from_address text not null,
  from_name text,
  connected_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((username is null) = (password_sealed is null))
);

-- Every invoice or reminder e-mail, once per message key (`invoice:<xero invoice>:<version>`,
-- `reminder:<xero invoice>:<day>`). The intent (with its Message-ID) is stored before the SMTP
-- server is asked, the result after; an intent without a result is a send whose outcome is unknown
-- (the worker died), settled by asking the mail server's API whether that Message-ID arrived.
-- `claimed_by`/`claim_expires_at` keep two workers from sending the same key at once; a dead
-- worker's claim runs out. The text part is kept sealed (it carries the customer's portal link) so
-- the CRM can be told what was sent after a retry.
create table invoice_messages (
  installation_id uuid not null references installations (id) on delete cascade,
  message_key text not null,
  xero_invoice_id text not null,
  message_id text not null,
  to_addresses text[] not null,
  subject text,
  body_text_sealed jsonb,
  intent_at timestamptz not null,
  attempts integer not null default 0,
  claimed_by text,
  claim_expires_at timestamptz,
  sent_at timestamptz,
  smtp_response text,
  failed_at timestamptz,
  error text,
  -- true: the server refused (or was never reached), so the message did not go; false: unknown.
  failure_definite boolean,
  primary key (installation_id, message_key)
);
create index invoice_messages_invoice on invoice_messages (installation_id, xero_invoice_id);
