-- Vendor rate limits are per Xero tenant / HubSpot portal / Salesforce org, not per process, so the
-- pacing state every worker process consults lives here.

-- GCRA state: the theoretical arrival time of the next call, per key and limit (see worker/pacing).
create table api_pacing (
  pace_key text not null,
  limit_name text not null,
  tat timestamptz not null,
  primary key (pace_key, limit_name)
);

-- Concurrency leases (Xero allows 5 calls in flight per tenant). A crashed process's leases expire.
create table api_leases (
  lease_id uuid primary key default gen_random_uuid(),
  pace_key text not null,
  expires_at timestamptz not null
);
create index api_leases_key_idx on api_leases (pace_key, expires_at);

-- What the vendor last told us about the budget left (rate-limit response headers).
create table api_budget (
  pace_key text primary key,
  daily_remaining integer,
  minute_remaining integer,
  observed_at timestamptz not null
);
