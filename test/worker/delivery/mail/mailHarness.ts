import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../../worker/audit/auditLog';
import { SecretBox } from '../../../../worker/connections/secretBox';
import { InvoiceMessages } from '../../../../worker/delivery/mail/invoiceMessages';
import { parseMailAccount, type MailAccountInput } from '../../../../worker/delivery/mail/mailAccountInput';
import { MailAccounts, type StoredMailAccount } from '../../../../worker/delivery/mail/mailAccounts';
import {
  MailTransports,
  type MailSender,
  type MailTransportOptions,
} from '../../../../worker/delivery/mail/mailTransports';
import type {
  SendInvoiceMessageDeps,
  SendInvoiceMessageRequest,
} from '../../../../worker/delivery/mail/sendInvoiceMessage';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import type { Store, StoreKind } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';
import { startSmtpCatcher, type SmtpCatcher, type SmtpCatcherOptions } from '../../../support/smtpCatcher';
import { fakePortalLinks, invoiceFacts, PDF, T0 } from './mailFactories';

export interface MailHarness {
  store: Store;
  box: SecretBox;
  installationId: string;
  catcher: SmtpCatcher;
  transports: MailTransports;
  /** The tests' clock; move it with `harness.now = …`. */
  now: Date;
  deps(overrides?: Partial<SendInvoiceMessageDeps>): SendInvoiceMessageDeps;
  request(overrides?: Partial<SendInvoiceMessageRequest>): SendInvoiceMessageRequest;
  /** A transport that sends for real, then behaves as `after` says (the "process" dies there). */
  sendThen(after: 'throw' | 'hang'): SendInvoiceMessageDeps['transports'];
  close(): Promise<void>;
}

/**
 * A migrated store with one installation whose SMTP account points at an in-process catcher, and
 * everything sendInvoiceMessage needs, on a clock the test moves.
 */
export async function startMailHarness(
  options: {
    catcher?: SmtpCatcherOptions;
    account?: Partial<MailAccountInput>;
    transport?: (catcher: SmtpCatcher) => MailTransportOptions;
    store?: StoreKind;
  } = {},
): Promise<MailHarness> {
  const store = await createTestStore(options.store ?? 'pglite');
  const box = new SecretBox([{ id: 'test', key: randomBytes(32) }]);
  const installation = await new InstallationStore(store.db).ensure({
    slug: `mail-${randomBytes(3).toString('hex')}`,
  });
  const catcher = await startSmtpCatcher(options.catcher);
  const accounts = new MailAccounts(store.db, box);
  await accounts.save(
    installation.id,
    parseMailAccount(
      {
        host: catcher.host,
        port: catcher.port,
        security: 'none',
        fromAddress: 'billing@acme.example',
        fromName: 'Acme Billing',
        ...options.account,
      },
      'sandbox',
    ),
    'test',
    T0,
  );
  const transports = new MailTransports(options.transport?.(catcher));
  const ledger = new InvoiceMessages(store.db, box);
  const audit = new AuditLog(store.db);
  const portalLinks = fakePortalLinks();
  const harness: MailHarness = {
    store,
    box,
    installationId: installation.id,
    catcher,
    transports,
    now: T0,
    deps: (overrides = {}) => ({
      accounts,
      ledger,
      transports,
      sentCheck: catcher.sentMessageCheck,
      portalLinks,
      audit,
      clock: () => harness.now,
      pollMs: 20,
      ...overrides,
    }),
    request: (overrides = {}) => ({
      installationId: installation.id,
      message: { kind: 'invoice' },
      invoice: invoiceFacts(),
      delivery: { brand: { colour: '#1F6FEB', name: 'Acme Supplies' }, portalLinkDays: 30 },
      organisationName: 'Acme Supplies Ltd',
      to: ['ada@customer.example'],
      pdf: () => Promise.resolve(PDF),
      ...overrides,
    }),
    sendThen: (after) => ({
      transportFor: (account: StoredMailAccount): MailSender => ({
        send: async (message) => {
          await transports.transportFor(account).send(message);
          if (after === 'throw') throw new Error('the process died after the SMTP 250');
          return new Promise<never>(() => {});
        },
      }),
    }),
    close: async () => {
      await transports.close();
      await catcher.close();
      await store.close();
    },
  };
  return harness;
}
