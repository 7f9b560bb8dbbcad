import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { InstallationStore } from '../installations/installationStore';
import type { CrmTargets } from '../sync/crmTarget';
import { installationXeroApi } from '../payments/collections/collectionDeps';
import type { InvoiceMessages } from './mail/invoiceMessages';
import type { SendInvoiceMessageDeps } from './mail/sendInvoiceMessage';
import type { DeliveryReadDeps } from './readDeliveryInvoice';

/** What the delivery activities run on (worker/delivery/deliveryActivities.ts); tests inject each part. */
export interface DeliveryDeps extends DeliveryReadDeps {
  /** One organisation's Xero connector; refuses a tenant of another installation. */
  xero(installationId: string, xeroTenantId: string): Promise<XeroApi>;
  /** The organisation's name as connected (the e-mail's brand when the settings give none). */
  organisationName(xeroTenantId: string): Promise<string>;
  crmTargets: Pick<CrmTargets, 'forXeroTenant'>;
  /** Sending through the installation's SMTP account, once per message key. */
  mail: SendInvoiceMessageDeps;
  /** The same message store, for the messages Xero sends (its /Email, claimed the same way). */
  messages: InvoiceMessages;
  audit: Pick<AuditLog, 'record'>;
  /** Whether the installation is active; a paused (or uninstalled) one sends and files nothing. */
  installationActive(installationId: string): Promise<boolean>;
}

/** The production parts, from the worker's activity dependencies and the mail services. */
export function deliveryDepsFrom(deps: {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: Pick<AuditLog, 'record'>;
  mail: SendInvoiceMessageDeps;
  deliveryStops?: DeliveryReadDeps['deliveryStops'];
  installations: Pick<InstallationStore, 'get'>;
  now?: () => Date;
}): DeliveryDeps {
  return {
    xero: installationXeroApi(deps),
    organisationName: async (xeroTenantId) =>
      (await deps.connections.find('xero', xeroTenantId))?.displayName ?? 'Your supplier',
    crmTargets: deps.crmTargets,
    loadInstallationSettings: deps.loadInstallationSettings,
    mail: deps.mail,
    messages: deps.mail.ledger,
    sentByLedgerbridge: (installationId, xeroInvoiceId) =>
      deps.mail.ledger.anySent(installationId, xeroInvoiceId),
    audit: deps.audit,
    installationActive: async (installationId) =>
      (await deps.installations.get(installationId))?.status === 'active',
    ...(deps.deliveryStops ? { deliveryStops: deps.deliveryStops } : {}),
    now: deps.now ?? (() => new Date()),
  };
}
