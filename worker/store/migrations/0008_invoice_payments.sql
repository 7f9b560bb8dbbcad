-- The payments seen on each invoice. Xero lists only live payments on an invoice, so a payment seen
-- before and gone now was deleted or reversed (a bounced or failed payment): counted per invoice,
-- it drives the retry counter on the CRM deal and, past the configured threshold, a task.
create table invoice_payments (
  xero_tenant_id text not null,
  xero_invoice_id text not null,
  payment_id text not null,
  failed boolean not null default false,
  seen_at timestamptz not null default now(),
  primary key (xero_tenant_id, xero_invoice_id, payment_id)
);
