-- Mapping settings per Xero tenant, as an admin last saved them from a CRM package (the Salesforce
-- app page or the HubSpot settings page). No row means the schema's defaults. Earlier versions are
-- kept so an admin can see what changed and when.
create table mapping_settings (
  xero_tenant_id text not null,
  version integer not null,
  settings jsonb not null,
  source text not null,
  saved_by text not null,
  saved_at timestamptz not null default now(),
  primary key (xero_tenant_id, version)
);
