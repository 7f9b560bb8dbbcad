-- Parity checks (issue #9). A run snapshots both sides into parity_records page by page, compares
-- them with a keyed join (so memory stays bounded whatever the size), keeps its findings, then
-- drops its snapshot. Runs and findings stay as history: the trend per run, and what a repair fixed.
create table parity_runs (
  run_id text primary key,
  xero_tenant_id text not null,
  crm text not null,
  crm_connection_id text not null,
  trigger text not null,
  workflow_id text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  pairs_compared integer not null default 0,
  findings integer not null default 0,
  by_kind jsonb not null default '{}'
);
create index parity_runs_by_pair on parity_runs (xero_tenant_id, crm_connection_id, started_at desc);

create table parity_records (
  run_id text not null references parity_runs on delete cascade,
  side text not null check (side in ('xero', 'crm')),
  entity text not null check (entity in ('invoice', 'contact')),
  -- The Xero ID both sides meet on; '' for a CRM record without a link.
  match_key text not null,
  record_id text not null,
  facts jsonb not null,
  primary key (run_id, side, entity, record_id)
);
create index parity_records_by_key on parity_records (run_id, entity, match_key);

create table parity_findings (
  run_id text not null references parity_runs on delete cascade,
  finding_key text not null,
  kind text not null,
  entity text not null,
  field text,
  xero_id text,
  xero_label text,
  xero_value text,
  crm_id text,
  crm_value text,
  message text not null,
  primary key (run_id, finding_key)
);

-- Shadow (dry-run) mode: every write a flow would have made, recorded instead of made.
create table shadow_plans (
  id bigserial primary key,
  flow text not null check (flow in ('xero_to_crm', 'crm_to_xero')),
  xero_tenant_id text not null,
  target text not null,
  record_key text not null,
  plan jsonb not null,
  workflow_id text,
  planned_at timestamptz not null default now()
);
create index shadow_plans_by_record on shadow_plans (flow, target, record_key, planned_at desc);
