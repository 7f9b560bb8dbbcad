-- People in the loop (issue #21): a contact review belongs to an installation, shows the contact's
-- details, lists the Xero records waiting on it, and keeps the decision a person took (link to a CRM
-- record, create one, or ignore) with who took it and when.
alter table contact_reviews add column installation_id uuid references installations (id) on delete cascade;
update contact_reviews r set installation_id = c.installation_id from connections c where c.id = r.crm_connection_id;
alter table contact_reviews alter column installation_id set not null;
create index contact_reviews_installation_open_idx on contact_reviews (installation_id) where resolved_at is null;

alter table contact_reviews
  add column contact_email text,
  add column contact_tax_number text,
  -- The contact's details when last queued or decided: an ignored contact is queued again only
  -- when these change in Xero.
  add column contact_fingerprint text,
  add column decision text check (decision in ('link', 'create', 'ignore')),
  add column decision_crm_id text,
  add column decision_by text,
  add column decision_reason text,
  add column decided_at timestamptz,
  add constraint contact_reviews_decision_complete check (
    (decision is null and decided_at is null and decision_by is null)
    or (decision is not null and decided_at is not null and decision_by is not null
        and (decision = 'ignore' or decision_crm_id is not null))
  );

-- The Xero records whose sync waited on a contact's review in one CRM (an invoice whose contact has
-- no account yet): a decision signals each one's workflow again, then marks it resumed.
create table contact_review_waits (
  id uuid primary key default gen_random_uuid(),
  installation_id uuid not null references installations (id) on delete cascade,
  crm_connection_id uuid not null references connections (id) on delete cascade,
  xero_tenant_id text not null,
  xero_contact_id text not null,
  category text not null check (category in ('INVOICE', 'CONTACT', 'CREDITNOTE')),
  xero_record_id text not null,
  created_at timestamptz not null default now(),
  resumed_at timestamptz,
  unique (crm_connection_id, xero_contact_id, category, xero_record_id)
);
create index contact_review_waits_open_idx on contact_review_waits (crm_connection_id, xero_contact_id)
  where resumed_at is null;
