-- An installation is one customer of this deployment: the Xero organisations and CRM accounts
-- (Salesforce orgs, HubSpot portals) it connected. Every connection belongs to exactly one, and
-- nothing one installation syncs, reads or configures reaches another's accounts.
create table installations (
  id uuid primary key default gen_random_uuid(),
  -- Readable and stable: the Temporal UI's Installation search attribute and the CLI use it.
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null default '',
  -- paused: its schedules are paused and its workflows wait; uninstalled: disconnected, kept for the
  -- retention period.
  status text not null default 'active' check (status in ('active', 'paused', 'uninstalled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table connections add column installation_id uuid references installations (id);

-- Upgrade: whatever was connected before installations existed belonged to the one customer then
-- served, which becomes the installation "default".
insert into installations (slug, name)
  select 'default', 'Default installation' where exists (select 1 from connections);
update connections set installation_id = (select id from installations where slug = 'default');

alter table connections alter column installation_id set not null;
create index connections_installation on connections (installation_id);
