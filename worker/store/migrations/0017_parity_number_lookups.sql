-- The number look-ups of 0011 indexed every snapshot row twice over, and a look-up whose field came
-- as a parameter could not use them. Each side's number is indexed on that side's invoices only,
-- and the look-up names its field and side literally so the planner takes the index.
drop index parity_records_by_crm_number;
drop index parity_records_by_xero_number;
create index parity_records_by_xero_number on parity_records (run_id, (facts->>'number'))
  where side = 'xero' and entity = 'invoice';
create index parity_records_by_crm_number on parity_records (run_id, (facts->>'invoiceNumber'))
  where side = 'crm' and entity = 'invoice';
