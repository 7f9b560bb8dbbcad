-- Ledgerbridge's own record of which CRM record it linked to which Xero record: an account (Salesforce
-- Account, HubSpot company) to a Xero contact, a deal / opportunity to a Xero invoice. The cards find
-- a record's Xero contact here and never through a CRM field (a CRM user can edit `xero_contact_id`).
-- Rows are written only by the worker, when it links or writes a record; a link is one-to-one per
-- pair of connections (CRM connection, Xero organisation), and the newest link Ledgerbridge made wins.
create table record_links (
  id uuid primary key default gen_random_uuid(),
  installation_id uuid not null references installations (id) on delete cascade,
  crm_connection_id uuid not null references connections (id) on delete cascade,
  crm_object text not null check (crm_object in ('account', 'deal')),
  crm_record_id text not null check (crm_record_id <> ''),
  xero_tenant_id text not null,
  xero_kind text not null check (xero_kind in ('contact', 'invoice')),
  -- Lower-case GUIDs only: an ID read from here may reach a Xero `where` clause.
  xero_id text not null check (xero_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((crm_object = 'account') = (xero_kind = 'contact')),
  unique (crm_connection_id, xero_tenant_id, crm_object, crm_record_id),
  unique (crm_connection_id, xero_tenant_id, xero_kind, xero_id)
);
create index record_links_installation on record_links (installation_id);

-- Upgrade: the links Ledgerbridge already made, from its own trail. Succeeded `link_account` rows of
-- the Xero-to-CRM flow name the account and contact, `upsert_deal` rows the deal and invoice, and
-- deal_invoices the deals the CRM-to-Xero flow invoiced. Only pairs within one installation, only
-- GUIDs; where a record was linked more than once, the newest link wins on each side. Records with
-- no such row (their audit rows purged, or linked by hand) are linked the next time they sync.
insert into record_links (
  installation_id, crm_connection_id, crm_object, crm_record_id, xero_tenant_id, xero_kind, xero_id,
  created_at, updated_at
)
with seen as (
  select subject ->> 'crmConnectionId' as crm_connection_id,
         case when action = 'link_account' then 'account' else 'deal' end as crm_object,
         subject ->> 'crmRecordId' as crm_record_id,
         subject ->> 'xeroTenantId' as xero_tenant_id,
         case when action = 'link_account' then 'contact' else 'invoice' end as xero_kind,
         lower(case when action = 'link_account' then subject ->> 'xeroContactId'
                    else subject ->> 'xeroInvoiceId' end) as xero_id,
         occurred_at as seen_at
    from audit_log
   where outcome = 'succeeded' and action in ('link_account', 'upsert_deal')
  union all
  select c.id::text, 'deal', d.deal_id, d.xero_tenant_id, 'invoice', lower(d.xero_invoice_id), d.updated_at
    from deal_invoices d
    join connections c on c.vendor = d.crm and c.external_id = d.crm_account
   where d.xero_invoice_id is not null
),
valid as (
  select crm.installation_id, crm.id as crm_connection_id, s.crm_object, s.crm_record_id,
         s.xero_tenant_id, s.xero_kind, s.xero_id, s.seen_at
    from seen s
    join connections crm on crm.id::text = s.crm_connection_id and crm.vendor in ('salesforce', 'hubspot')
    join connections xero on xero.vendor = 'xero' and xero.external_id = s.xero_tenant_id
                         and xero.installation_id = crm.installation_id
   where s.crm_record_id <> ''
     and s.xero_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
),
newest_per_xero as (
  select distinct on (crm_connection_id, xero_tenant_id, xero_kind, xero_id) *
    from valid
   order by crm_connection_id, xero_tenant_id, xero_kind, xero_id, seen_at desc
),
newest as (
  select distinct on (crm_connection_id, xero_tenant_id, crm_object, crm_record_id) *
    from newest_per_xero
   order by crm_connection_id, xero_tenant_id, crm_object, crm_record_id, seen_at desc
)
select installation_id, crm_connection_id, crm_object, crm_record_id, xero_tenant_id, xero_kind, xero_id,
       seen_at, seen_at
  from newest;
