-- Uninstalling keeps an installation's data for a retention period, then purges it: purge_after is
-- when (uninstalled_at + INSTALLATION_RETENTION_DAYS), and `npm run installations -- purge` deletes
-- the rows of every installation past it. The audit trail is kept: it names accounts by ID only.
alter table installations add column uninstalled_at timestamptz;
alter table installations add column purge_after timestamptz;
create index installations_purge_after on installations (purge_after) where purge_after is not null;

-- While an installation is paused its webhooks and CRM notices are still accepted: each is held
-- here, in arrival order, and handed to its workflow when the installation is resumed (nothing is
-- lost, and nothing of a paused installation starts meanwhile).
create table held_events (
  id bigint generated always as identity primary key,
  installation_id uuid not null references installations (id) on delete cascade,
  kind text not null check (kind in ('xero_change', 'crm_deal_change')),
  event jsonb not null,
  received_at timestamptz not null default now()
);
create index held_events_installation on held_events (installation_id, id);
