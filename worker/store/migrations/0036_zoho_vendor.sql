-- Zoho CRM joins Salesforce and HubSpot as a CRM a connection (and its OAuth session and connect
-- ticket) may be for (issue #24).
alter table connections drop constraint connections_vendor_check;
alter table connections add constraint connections_vendor_check
  check (vendor in ('xero', 'salesforce', 'hubspot', 'zoho'));
alter table oauth_sessions drop constraint oauth_sessions_vendor_check;
alter table oauth_sessions add constraint oauth_sessions_vendor_check
  check (vendor in ('xero', 'salesforce', 'hubspot', 'zoho'));
alter table connect_tickets drop constraint connect_tickets_vendor_check;
alter table connect_tickets add constraint connect_tickets_vendor_check
  check (vendor in ('xero', 'salesforce', 'hubspot', 'zoho'));
