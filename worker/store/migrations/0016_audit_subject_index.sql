-- The HubSpot record cards ask "what was the last sync of this record?": audit rows whose subject
-- contains the record (subject @> '{"crmConnectionId": …, "crmRecordId": …}'). A GIN index on the
-- subject answers that without reading the whole trail.
create index audit_log_subject_idx on audit_log using gin (subject jsonb_path_ops);
