-- Installing creates the installation: an install ticket ("connect a new customer") names no
-- installation. Its connect lands in the installation already holding the account connected (a
-- re-install), else in a new one, named `new_installation_name` when the operator gave one and after
-- the account (the Salesforce org, the HubSpot portal) otherwise. A consent begun with such a ticket
-- carries the same through its OAuth session.
alter table connect_tickets alter column installation_id drop not null;
alter table connect_tickets add column new_installation_name text;
alter table oauth_sessions alter column installation_id drop not null;
alter table oauth_sessions add column new_installation_name text;
