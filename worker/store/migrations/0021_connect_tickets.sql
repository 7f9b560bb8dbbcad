-- A connect ticket lets whoever holds it start one connect flow, for one vendor, into one
-- installation: issued to a CRM admin the CRM vouched for, or to an operator by the CLI. Only the
-- ticket's SHA-256 is kept (the ticket itself is handed out once); it is good for minutes and used
-- once. The id names a ticket in the audit trail without giving it away.
create table connect_tickets (
  id uuid primary key default gen_random_uuid(),
  ticket_hash text not null unique,
  installation_id uuid not null references installations (id),
  vendor text not null check (vendor in ('xero', 'salesforce', 'hubspot')),
  -- Who it was issued to: `cli`, `salesforce:<orgId>:<userId>`, `hubspot:<portalId>:<userId>`.
  issued_to text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index connect_tickets_installation on connect_tickets (installation_id);

-- A consent flow now belongs to the ticket's installation and to the browser that started it: the
-- SHA-256 of a nonce held in that browser's cookie, which the callback must bring back. Attempts
-- under way during the upgrade have neither and could not be completed safely: they start again.
delete from oauth_sessions;
alter table oauth_sessions add column installation_id uuid not null references installations (id);
alter table oauth_sessions add column browser_binding text not null;
