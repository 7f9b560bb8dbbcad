-- The invoice intent of the CRM-to-Xero flow. Before Ledgerbridge asks Xero for a deal's invoice it
-- records that it is about to (the deal's row, with an intent ID and no invoice yet); the invoice's
-- Idempotency-Key and the tag in its Reference come from the intent, not from the deal's version.
-- An intent without an invoice (the worker died between Xero's answer and this table) is looked up
-- in Xero by that tag before anything is created again: Xero keeps an Idempotency-Key for minutes,
-- a Reference for ever. A reissue (credit and reissue) is the intent's next generation, replacing
-- the invoice it names until the new one is recorded.
alter table deal_invoices alter column xero_invoice_id drop not null;
alter table deal_invoices alter column idempotency_key drop not null;
alter table deal_invoices add column intent_id text;
alter table deal_invoices add column generation integer not null default 1;
alter table deal_invoices add column replaces_invoice_id text;
alter table deal_invoices add column generation_started_at timestamptz not null default now();
-- Links made before intents existed: an ID of their own (their invoices carry no tag; none is needed,
-- as their invoice is known).
update deal_invoices
  set intent_id = upper(substr(md5(crm || ':' || crm_account || ':' || deal_id), 1, 12)),
      generation_started_at = created_at;
alter table deal_invoices alter column intent_id set not null;
create unique index deal_invoices_by_intent on deal_invoices (intent_id);
