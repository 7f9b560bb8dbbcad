-- The cutover report finds the record an old process wrote by invoice number when it carries no
-- Xero ID: look-ups by number within a parity run's snapshot.
create index parity_records_by_crm_number on parity_records (run_id, entity, (facts->>'invoiceNumber'));
create index parity_records_by_xero_number on parity_records (run_id, entity, (facts->>'number'));
alter table parity_runs add column mode text not null default 'check';
alter table parity_runs add column agreement jsonb;
