-- The live audit sheet: per installation, optionally, a Google spreadsheet that receives a row for
-- each audited invoice write to a CRM record. The service account key is sealed like connection
-- credentials (worker/connections/secretBox.ts, bound to the installation); nothing here is usable.
create table audit_sheets (
  installation_id uuid primary key references installations (id) on delete cascade,
  spreadsheet_id text not null check (spreadsheet_id ~ '^[A-Za-z0-9_-]{10,100}$'),
  tab text not null default 'Audit' check (tab <> ''),
  service_account_email text not null,
  key_sealed jsonb not null,
  enabled boolean not null default true,
  changed_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The outbox: one row per audit row bound for the sheet, written in the audit row's own statement
-- (the trigger below), so a row is queued exactly when it is stored. `attempted_at` is set before an
-- append whose answer may be lost: the next drain reads the sheet's column A before sending again.
create table audit_sheet_outbox (
  audit_id uuid primary key references audit_log (id) on delete cascade,
  installation_id uuid not null references installations (id) on delete cascade,
  seq bigserial not null,
  queued_at timestamptz not null default now(),
  attempted_at timestamptz,
  sent_at timestamptz
);
create index audit_sheet_outbox_pending on audit_sheet_outbox (installation_id, seq) where sent_at is null;

-- Qualifying rows: a succeeded write that names a Xero invoice and the CRM record it touched. The
-- installation comes from the CRM connection, the Xero organisation, or a deal workflow's ID
-- (crm-deal:<crm>:<account>:<deal>), whichever the row carries.
create function audit_sheet_enqueue() returns trigger
language plpgsql as $$
declare
  v_installation uuid;
begin
  if new.outcome <> 'succeeded'
     or not (new.subject ? 'xeroInvoiceId')
     or not (new.subject ? 'crmRecordId' or new.subject ? 'crmDealId') then
    return null;
  end if;
  select c.installation_id into v_installation
    from connections c
   where c.id::text = new.subject ->> 'crmConnectionId'
      or (c.vendor = 'xero' and c.external_id = new.subject ->> 'xeroTenantId')
      or (new.workflow_id like 'crm-deal:%'
          and c.vendor = split_part(new.workflow_id, ':', 2)
          and c.external_id = split_part(new.workflow_id, ':', 3))
   limit 1;
  if v_installation is null then
    return null;
  end if;
  insert into audit_sheet_outbox (audit_id, installation_id)
    select new.id, s.installation_id from audit_sheets s where s.installation_id = v_installation and s.enabled
  on conflict do nothing;
  return null;
end
$$;

create trigger audit_sheet_enqueue after insert on audit_log
  for each row execute function audit_sheet_enqueue();
