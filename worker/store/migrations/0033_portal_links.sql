-- The customer portal (issue #23). Each link an e-mail carries is a row: one customer (a Xero
-- contact of one of the installation's organisations), why it was issued, until when it is valid,
-- and whether ops revoked it. The URL's token names the row and its expiry, signed with the
-- installation's portal key; the row is what makes a link revocable.
create table portal_links (
  id uuid primary key,
  installation_id uuid not null references installations (id) on delete cascade,
  xero_tenant_id text not null,
  xero_contact_id text not null,
  purpose text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz
);
create index portal_links_by_customer on portal_links (installation_id, xero_tenant_id, xero_contact_id);

-- Each installation's key signing its portal links (HMAC-SHA256), random, sealed with the worker's
-- keyring and bound to the installation: one installation's key never signs another's links.
create table portal_link_keys (
  installation_id uuid primary key references installations (id) on delete cascade,
  key_sealed jsonb not null,
  created_at timestamptz not null default now()
);
