-- The nightly receivables figures of an installation (issue #22, workflows/stripe/receivablesNightly.ts):
-- one row per installation and date (the installation's date, YYYY-MM-DD, in its time zone), its
-- ageing buckets and DSO per currency (amounts in different currencies are never added), and how
-- many of its sales invoices were overdue. A second run on the same date replaces the row.
create table receivables_snapshots (
  installation_id uuid not null references installations (id) on delete cascade,
  as_of text not null check (as_of ~ '^\d{4}-\d{2}-\d{2}$'),
  figures jsonb not null,
  overdue_invoices integer not null,
  accounts_written integer not null,
  computed_at timestamptz not null default now(),
  primary key (installation_id, as_of)
);
