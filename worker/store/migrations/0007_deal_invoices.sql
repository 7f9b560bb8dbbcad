-- The ID mapping of the CRM-to-Xero flow: which Xero invoice Ledgerbridge made from which CRM deal.
-- A deal carrying a Xero invoice ID not listed here came from Xero (the Xero-to-CRM flow) and is
-- Xero's to change; one listed here follows the amendment policy when the deal changes.
create table deal_invoices (
  crm text not null,
  crm_account text not null,
  deal_id text not null,
  xero_tenant_id text not null,
  xero_invoice_id text not null,
  idempotency_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (crm, crm_account, deal_id)
);
create unique index deal_invoices_by_invoice on deal_invoices (xero_tenant_id, xero_invoice_id);
