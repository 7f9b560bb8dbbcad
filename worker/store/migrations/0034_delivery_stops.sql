-- A person's decision to send an invoice no more reminders (issue #23), kept across the invoice's
-- delivery runs: a finished run's memory ends with it, and the invoice's next change starts a new
-- run with the same ID, which reads this row on every wake (worker/delivery/readDeliveryInvoice.ts).
-- One row per installation and Xero invoice while the stop stands; resuming deletes it. The history
-- of stops and resumes (who, why, when) is the audit log's, so the row is only the current decision.
create table delivery_stops (
  installation_id uuid not null references installations (id) on delete cascade,
  xero_invoice_id text not null,
  stopped_by text not null,
  reason text not null,
  stopped_at timestamptz not null default now(),
  primary key (installation_id, xero_invoice_id)
);
