import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  OrderEndpointsTable,
  OrderInvoicesTable,
  OrderRejectionsTable,
  OrdersTable,
} from './orderTables';
import type { ZohoWatchChannelsTable } from './zohoWatchTables';

/** Row types of the store, kept in step with migrations/*.sql (the SQL is the source of truth). */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface MigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, never, never>;
}

export type AuditOutcome = 'succeeded' | 'failed' | 'skipped' | 'planned';

export interface AuditLogTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  action: string;
  outcome: AuditOutcome;
  actor: string;
  workflow_id: string | null;
  run_id: string | null;
  subject: ColumnType<JsonObject, string, string>;
  detail: ColumnType<JsonObject, string, string>;
}

export type ConnectionVendor = 'xero' | 'salesforce' | 'hubspot' | 'zoho';
export type ConnectionStatus = 'active' | 'needs_reauth' | 'disconnected';

export type InstallationStatus = 'active' | 'paused' | 'uninstalled';

export interface InstallationsTable {
  id: Generated<string>;
  slug: string;
  name: Generated<string>;
  status: Generated<InstallationStatus>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** When it was uninstalled, and from when its rows may be purged (migration 0023). */
  uninstalled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  purge_after: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A webhook or CRM notice of a paused installation, held until it is resumed (migration 0023). */
export interface HeldEventsTable {
  id: Generated<string>;
  installation_id: string;
  kind: 'xero_change' | 'crm_deal_change';
  event: ColumnType<JsonObject, string, string>;
  received_at: Generated<Date>;
}

export interface ConnectionsTable {
  id: Generated<string>;
  installation_id: string;
  vendor: ConnectionVendor;
  external_id: string;
  display_name: Generated<string>;
  status: Generated<ConnectionStatus>;
  scopes: Generated<string[]>;
  settings: ColumnType<JsonObject, string | undefined, string>;
  credentials: ColumnType<JsonObject, string, string>;
  access_expires_at: Date | null;
  credentials_version: Generated<number>;
  last_refresh_at: Date | null;
  last_refresh_error: string | null;
  refresh_failures: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ApiPacingTable {
  pace_key: string;
  limit_name: string;
  tat: Date;
}

export interface ApiLeasesTable {
  lease_id: Generated<string>;
  pace_key: string;
  expires_at: Date;
}

export interface ApiBudgetTable {
  pace_key: string;
  daily_remaining: number | null;
  minute_remaining: number | null;
  observed_at: Date;
}

export interface OAuthSessionsTable {
  state: string;
  vendor: ConnectionVendor;
  code_verifier: ColumnType<JsonObject, string, string>;
  redirect_uri: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  used_at: Date | null;
  /** The installation whose connect ticket started the flow (migration 0021); null for an install (0025). */
  installation_id: string | null;
  /** SHA-256 (base64url) of the nonce in the starting browser's cookie. */
  browser_binding: string;
  /** An install's name for the installation it creates (0025). */
  new_installation_name: string | null;
}

export interface ConnectTicketsTable {
  id: Generated<string>;
  /** SHA-256 (base64url) of the ticket; the ticket itself is never stored. */
  ticket_hash: string;
  /** null: an install ticket, whose connect finds or creates the installation (migration 0025). */
  installation_id: string | null;
  vendor: ConnectionVendor;
  issued_to: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  new_installation_name: string | null;
}

export interface Database {
  ledgerbridge_migrations: MigrationsTable;
  audit_log: AuditLogTable;
  installations: InstallationsTable;
  held_events: HeldEventsTable;
  connections: ConnectionsTable;
  api_pacing: ApiPacingTable;
  api_leases: ApiLeasesTable;
  api_budget: ApiBudgetTable;
  oauth_sessions: OAuthSessionsTable;
  connect_tickets: ConnectTicketsTable;
  contact_reviews: ContactReviewsTable;
  sync_cursors: SyncCursorsTable;
  deal_invoices: DealInvoicesTable;
  invoice_payments: InvoicePaymentsTable;
  installation_settings: InstallationSettingsTable;
  parity_runs: ParityRunsTable;
  parity_records: ParityRecordsTable;
  parity_findings: ParityFindingsTable;
  shadow_plans: ShadowPlansTable;
  record_links: RecordLinksTable;
  contact_review_waits: ContactReviewWaitsTable;
  audit_sheets: AuditSheetsTable;
  audit_sheet_outbox: AuditSheetOutboxTable;
  stripe_connections: StripeConnectionsTable;
  stripe_events: StripeEventsTable;
  stripe_customer_links: StripeCustomerLinksTable;
  stripe_payments: StripePaymentsTable;
  stripe_invoice_locks: StripeInvoiceLocksTable;
  receivables_snapshots: ReceivablesSnapshotsTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  portal_links: PortalLinksTable;
  portal_link_keys: PortalLinkKeysTable;
  mail_accounts: MailAccountsTable;
  invoice_messages: InvoiceMessagesTable;
  delivery_stops: DeliveryStopsTable;
  order_endpoints: OrderEndpointsTable;
  orders: OrdersTable;
  order_invoices: OrderInvoicesTable;
  order_rejections: OrderRejectionsTable;
  zoho_watch_channels: ZohoWatchChannelsTable;
}

/** A CRM record ↔ Xero record link Ledgerbridge made (migration 0022). */
export interface RecordLinksTable {
  id: Generated<string>;
  installation_id: string;
  crm_connection_id: string;
  crm_object: 'account' | 'deal';
  crm_record_id: string;
  xero_tenant_id: string;
  xero_kind: 'contact' | 'invoice';
  /** Lower-case GUID. */
  xero_id: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ParityRunsTable {
  run_id: string;
  xero_tenant_id: string;
  crm: string;
  crm_connection_id: string;
  trigger: string;
  workflow_id: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
  pairs_compared: Generated<number>;
  findings: Generated<number>;
  by_kind: ColumnType<JsonObject, string | undefined, string>;
  mode: Generated<string>;
  /** Cutover runs: per flow, how many shadow plans the old process's records agree with. */
  agreement: ColumnType<JsonObject | null, string | undefined, string>;
}

export interface ParityRecordsTable {
  run_id: string;
  side: 'xero' | 'crm';
  entity: 'invoice' | 'contact';
  match_key: string;
  record_id: string;
  facts: ColumnType<JsonObject, string, string>;
}

export interface ParityFindingsTable {
  run_id: string;
  finding_key: string;
  kind: string;
  entity: string;
  field: string | null;
  xero_id: string | null;
  xero_label: string | null;
  xero_value: string | null;
  crm_id: string | null;
  crm_value: string | null;
  message: string;
}

export interface ShadowPlansTable {
  id: Generated<string>;
  flow: 'xero_to_crm' | 'crm_to_xero';
  xero_tenant_id: string;
  target: string;
  record_key: string;
  plan: ColumnType<JsonObject, string, string>;
  workflow_id: string | null;
  planned_at: Generated<Date>;
}

/** An installation's mapping settings, one row per saved version (migration 0024). */
export interface InstallationSettingsTable {
  installation_id: string;
  version: number;
  settings: ColumnType<JsonObject, string, string>;
  /** Where the admin saved them: `salesforce:<orgId>`, `hubspot:<portalId>` or `cli`. */
  source: string;
  saved_by: string;
  saved_at: Generated<Date>;
}

export interface InvoicePaymentsTable {
  xero_tenant_id: string;
  xero_invoice_id: string;
  payment_id: string;
  failed: Generated<boolean>;
  seen_at: Generated<Date>;
}

/** A deal's invoice intent (migration 0019) and, once Xero made it, the deal → invoice link (0007). */
export interface DealInvoicesTable {
  crm: string;
  crm_account: string;
  deal_id: string;
  xero_tenant_id: string;
  /** Null while the intent's invoice is not known to exist. */
  xero_invoice_id: string | null;
  /** The key of the write that made or last changed the invoice. */
  idempotency_key: string | null;
  intent_id: string;
  generation: Generated<number>;
  /** During a reissue: the invoice the current generation replaces. */
  replaces_invoice_id: string | null;
  generation_started_at: Generated<Date>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SyncCursorsTable {
  source: string;
  account: string;
  kind: string;
  cursor: Date;
  updated_at: Generated<Date>;
}

export interface ContactReviewsTable {
  id: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  resolved_at: Date | null;
  crm_connection_id: string;
  xero_tenant_id: string;
  xero_contact_id: string;
  contact_name: string;
  reason: 'ambiguous' | 'no_match';
  rule: string | null;
  candidates: ColumnType<JsonValue[], string, string>;
  /** Migration 0026: the installation, the contact's details and the person's decision. */
  installation_id: string;
  contact_email: string | null;
  contact_tax_number: string | null;
  contact_fingerprint: string | null;
  decision: 'link' | 'create' | 'ignore' | null;
  decision_crm_id: string | null;
  decision_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
}

/** A Xero record whose sync waits on a contact's review in one CRM (migration 0026). */
export interface ContactReviewWaitsTable {
  id: Generated<string>;
  installation_id: string;
  crm_connection_id: string;
  xero_tenant_id: string;
  xero_contact_id: string;
  category: 'INVOICE' | 'CONTACT' | 'CREDITNOTE';
  xero_record_id: string;
  created_at: Generated<Date>;
  resumed_at: Date | null;
}

/** An installation's live audit sheet (migration 0027); the key sealed, bound to the installation. */
export interface AuditSheetsTable {
  installation_id: string;
  spreadsheet_id: string;
  tab: Generated<string>;
  service_account_email: string;
  key_sealed: ColumnType<JsonObject, string, string>;
  enabled: Generated<boolean>;
  changed_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An audit row bound for its installation's sheet (filled by the 0027 trigger). */
export interface AuditSheetOutboxTable {
  audit_id: string;
  installation_id: string;
  seq: ColumnType<string, never, never>;
  queued_at: Generated<Date>;
  attempted_at: Date | null;
  sent_at: Date | null;
}

/** An installation's Stripe account (migration 0028): the restricted key and webhook secret sealed. */
export interface StripeConnectionsTable {
  installation_id: string;
  livemode: boolean;
  key_hint: string;
  api_key_sealed: ColumnType<JsonObject, string, string>;
  webhook_secret_sealed: ColumnType<JsonObject, string, string>;
  connected_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A Stripe event accepted once per installation and event ID (migration 0028). */
export interface StripeEventsTable {
  installation_id: string;
  event_id: string;
  type: string;
  object_type: string;
  object_id: string;
  workflow_id: string;
  created: Date;
  livemode: boolean;
  fields: ColumnType<JsonObject, string, string>;
  received_at: Generated<Date>;
  handed_over_at: Date | null;
}

/** A Stripe customer's Xero contact (migration 0029). */
export interface StripeCustomerLinksTable {
  installation_id: string;
  stripe_customer_id: string;
  xero_tenant_id: string;
  xero_contact_id: string;
  linked_by: 'metadata' | 'email' | 'person';
  linked_at: Generated<Date>;
}

export type StripePaymentOutcome = 'recorded' | 'applied_in_xero' | 'linked_only' | 'ambiguous' | 'unmatched';

/** A Stripe payment and what became of it in Xero (migration 0029). */
export interface StripePaymentsTable {
  installation_id: string;
  stripe_payment_id: string;
  match_rule: string | null;
  xero_tenant_id: string | null;
  xero_invoice_id: string | null;
  candidates: Generated<string[]>;
  reason: string | null;
  outcome: StripePaymentOutcome | null;
  xero_payment_id: string | null;
  settled_by_event: string | null;
  intent_event_id: string | null;
  intent_idempotency_key: string | null;
  intent_at: Date | null;
  decision: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A lease serialising the settlements of one Xero invoice (migration 0029). */
export interface StripeInvoiceLocksTable {
  installation_id: string;
  xero_tenant_id: string;
  xero_invoice_id: string;
  holder: string;
  expires_at: Date;
}

/** An installation's nightly receivables figures on one date (migration 0030). */
export interface ReceivablesSnapshotsTable {
  installation_id: string;
  /** YYYY-MM-DD in the installation's time zone. */
  as_of: string;
  /** Per currency: AgedReceivables (workflows/domain/stripe/receivables.ts). */
  figures: ColumnType<JsonObject[], string, string>;
  overdue_invoices: number;
  accounts_written: number;
  computed_at: Generated<Date>;
}

export type AuditRow = Selectable<AuditLogTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type InstallationRow = Selectable<InstallationsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;

export interface StripeSubscriptionsTable {
  installation_id: string;
  stripe_subscription_id: string;
  stripe_customer_id: string;
  status: string | null;
  currency: string | null;
  // bigint: the driver answers a string; read through Number().
  arr_minor: ColumnType<string | number, number | undefined, number>;
  mrr_minor: ColumnType<string | number, number | undefined, number>;
  period_amount_minor: ColumnType<string | number, number | undefined, number>;
  period_months: number | null;
  renews_at: Date | null;
  xero_tenant_id: string | null;
  xero_contact_id: string | null;
  xero_invoice_id: string | null;
  updated_at: Generated<Date>;
}

/** A customer portal link (migration 0033): one Xero contact of one installation, revocable. */
export interface PortalLinksTable {
  id: string;
  installation_id: string;
  xero_tenant_id: string;
  xero_contact_id: string;
  purpose: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

/** Each installation's portal link signing key, sealed (migration 0033). */
export interface PortalLinkKeysTable {
  installation_id: string;
  key_sealed: ColumnType<JsonObject, string, string>;
  created_at: Generated<Date>;
}

/** An installation's SMTP account for invoice e-mails (migration 0032). */
export interface MailAccountsTable {
  installation_id: string;
  mode: 'sandbox' | 'live';
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  username: string | null;
  password_sealed: ColumnType<JsonObject | null, string | null, string | null>;
  from_address: string;
  from_name: string | null;
  connected_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One invoice or reminder e-mail: its intent, then its result (migration 0032). */
export interface InvoiceMessagesTable {
  installation_id: string;
  message_key: string;
  xero_invoice_id: string;
  message_id: string;
  to_addresses: string[];
  subject: string | null;
  body_text_sealed: ColumnType<JsonObject | null, string | null, string | null>;
  intent_at: Date;
  attempts: Generated<number>;
  claimed_by: string | null;
  claim_expires_at: Date | null;
  sent_at: Date | null;
  smtp_response: string | null;
  failed_at: Date | null;
  error: string | null;
  failure_definite: boolean | null;
}

/** A person's standing decision to stop an invoice's reminders (migration 0034); deleted on resume. */
export interface DeliveryStopsTable {
  installation_id: string;
  xero_invoice_id: string;
  stopped_by: string;
  reason: string;
  stopped_at: ColumnType<Date, Date | undefined, Date>;
}
