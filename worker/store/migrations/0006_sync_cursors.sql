-- Where each incremental pull left off: per Xero organisation and record kind, the newest
-- UpdatedDateUTC seen. The next pull asks Xero for everything modified since then (If-Modified-Since).
create table sync_cursors (
  source text not null,
  account text not null,
  kind text not null,
  cursor timestamptz not null,
  updated_at timestamptz not null default now(),
  primary key (source, account, kind)
);
