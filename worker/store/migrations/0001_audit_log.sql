-- Every action Ledgerbridge takes leaves a row here: who/what triggered it, which records it touched,
-- and the Temporal workflow that did it, so ops can go from an audit row to the history in the UI.
create table audit_log (
  id uuid primary key default gen_random_uuid(),
  occurred_at timestamptz not null default now(),
  action text not null,
  outcome text not null check (outcome in ('succeeded', 'failed', 'skipped', 'planned')),
  actor text not null,
  workflow_id text,
  run_id text,
  subject jsonb not null default '{}'::jsonb,
  detail jsonb not null default '{}'::jsonb
);

create index audit_log_occurred_at_idx on audit_log (occurred_at desc);
create index audit_log_workflow_id_idx on audit_log (workflow_id);
