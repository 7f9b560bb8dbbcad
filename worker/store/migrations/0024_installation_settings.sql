-- Mapping settings now belong to an installation, not to a Xero organisation: the parts all its
-- organisations share, each organisation's own parts under `organisations` (account codes, tax
-- rates, tracking option), and `routing`, the rule that sends a won deal to one organisation.
-- Every save is a new version (the newest applies), with where and by whom it was saved.
create table installation_settings (
  installation_id uuid not null references installations (id),
  version integer not null,
  settings jsonb not null,
  source text not null,
  saved_by text not null,
  saved_at timestamptz not null default now(),
  primary key (installation_id, version)
);

-- Upgrade: each Xero organisation's newest settings become its installation's part for that
-- organisation; the shared parts (and who saved, where, when) come from the installation's most
-- recently saved ones. Routing starts empty: an installation with one organisation invoices there,
-- one with several waits for an admin to route its deals.
with newest as (
  select distinct on (xero_tenant_id) *
  from mapping_settings
  order by xero_tenant_id, version desc
),
split as (
  select
    c.installation_id,
    n.xero_tenant_id,
    n.source,
    n.saved_by,
    n.saved_at,
    jsonb_strip_nulls(jsonb_build_object(
      'taxRates', n.settings -> 'taxRates',
      'items', n.settings -> 'items',
      'defaultAccountCode', n.settings -> 'defaultAccountCode',
      'trackingOption', n.settings -> 'invoiceRules' -> 'trackingOption'
    )) as own,
    case
      when jsonb_typeof(n.settings -> 'invoiceRules') = 'object' then jsonb_set(
        n.settings - 'taxRates' - 'items' - 'defaultAccountCode',
        '{invoiceRules}',
        (n.settings -> 'invoiceRules') - 'trackingOption'
      )
      else n.settings - 'taxRates' - 'items' - 'defaultAccountCode'
    end as shared
  from newest n
  join connections c on c.vendor = 'xero' and c.external_id = n.xero_tenant_id
)
insert into installation_settings (installation_id, version, settings, source, saved_by, saved_at)
select
  installation_id,
  1,
  (array_agg(shared order by saved_at desc, xero_tenant_id))[1]
    || jsonb_build_object('organisations', jsonb_object_agg(xero_tenant_id, own)),
  (array_agg(source order by saved_at desc, xero_tenant_id))[1],
  (array_agg(saved_by order by saved_at desc, xero_tenant_id))[1],
  max(saved_at)
from split
group by installation_id;

-- Kept for the record (earlier versions, and settings of organisations no longer connected);
-- nothing reads it any more.
alter table mapping_settings rename to mapping_settings_by_tenant_0009;
