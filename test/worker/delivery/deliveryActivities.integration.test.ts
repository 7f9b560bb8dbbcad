import { writePayment } from '../../../sandbox/xero/paymentWrites';
import { amountDue } from '../../../sandbox/xero/serialize';
import { AuditLog } from '../../../worker/audit/auditLog';
import { VendorError } from '../../../worker/connectors/errors';
import type {
  CrmInvoiceFilesPort,
  DeliveredMessageLog,
  InvoicePdfFiling,
} from '../../../worker/delivery/crmInvoiceFilesPort';
import { createDeliveryActivities } from '../../../worker/delivery/deliveryActivities';
import type { DeliveryActivities } from '../../../worker/delivery/deliveryActivityTypes';
import { deliveryDepsFrom } from '../../../worker/delivery/deliveryDeps';
import { InvoiceMessages } from '../../../worker/delivery/mail/invoiceMessages';
import { parseMailAccount } from '../../../worker/delivery/mail/mailAccountInput';
import { MailAccounts } from '../../../worker/delivery/mail/mailAccounts';
import { MailTransports } from '../../../worker/delivery/mail/mailTransports';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { CrmDealRef, CrmPaymentsPort } from '../../../worker/payments/crmPaymentsPort';
import type { CrmTarget } from '../../../worker/sync/crmTarget';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtpCatcher';
import { pdfFlatText } from '../../support/pdfText';
import { plantInvoice } from '../../sandbox/xero/deliveryFixtures';
import { fakePortalLinks } from './mail/mailFactories';
import { startConnectedXero, type ConnectedXero } from '../../support/connectedXero';

/** A CRM target that files and logs in memory; `refuse` makes it answer as HubSpot does without the `files` scope. */
function memoryCrm(vendor: 'salesforce' | 'hubspot', refuse = false) {
  const filed: InvoicePdfFiling[] = [];
  const logged = new Map<string, DeliveredMessageLog>();
  const forbidden = () => new VendorError('forbidden', 'hubspot', 'the portal did not grant the files scope');
  const invoiceFiles: CrmInvoiceFilesPort = {
    fileInvoicePdf: (request) => {
      if (refuse) return Promise.reject(forbidden());
      filed.push(request);
      return Promise.resolve({ fileId: `file-${request.xeroInvoiceId}`, outcome: 'created' });
    },
    logDeliveredMessage: (request) => {
      if (refuse) return Promise.reject(forbidden());
      const created = !logged.has(request.key);
      logged.set(request.key, request);
      return Promise.resolve({ activityId: `task-${request.key}`, created });
    },
  };
  const deal: CrmDealRef = {
    dealId: `${vendor}-deal`,
    name: 'Deal',
    accountId: `${vendor}-account`,
    ownerId: null,
  };
  const processorPayments = {
    dealForXeroInvoice: () => Promise.resolve(deal),
  } as unknown as CrmPaymentsPort;
  const target = {
    vendor,
    connectionId: `${vendor}-connection`,
    invoiceFiles,
    processorPayments,
  } as unknown as CrmTarget;
  return { target, filed, logged };
}

/**
 * The delivery activities composed as the worker composes them, against the Xero emulator through
 * xero-node, an in-process SMTP server, a real store and two CRM targets kept in memory.
 */
describe('delivery activities', () => {
  let sandbox: ConnectedXero;
  let catcher: SmtpCatcher;
  let transports: MailTransports;
  let installationId: string;
  let settings: { delivery: Record<string, unknown> };
  const salesforce = memoryCrm('salesforce');
  const hubspot = memoryCrm('hubspot', true);
  let activities: DeliveryActivities;

  beforeAll(async () => {
    sandbox = await startConnectedXero();
    installationId = sandbox.connection.installationId;
    catcher = await startSmtpCatcher();
    transports = new MailTransports();
    const accounts = new MailAccounts(sandbox.store.db, sandbox.box);
    await accounts.save(
      installationId,
      parseMailAccount(
        { host: catcher.host, port: catcher.port, security: 'none', fromAddress: 'billing@acme.example' },
        'sandbox',
      ),
      'test',
    );
    settings = { delivery: { sender: 'ledgerbridge', fileInCrm: true } };
    const deps = deliveryDepsFrom({
      connections: sandbox.connections,
      xeroApi: () => sandbox.api,
      crmTargets: {
        forXeroTenant: () => Promise.resolve([salesforce.target, hubspot.target]),
        forConnection: () => Promise.resolve(undefined),
      },
      loadInstallationSettings: () => Promise.resolve(settings),
      audit: new AuditLog(sandbox.store.db),
      installations: new InstallationStore(sandbox.store.db),
      mail: {
        accounts,
        ledger: new InvoiceMessages(sandbox.store.db, sandbox.box),
        transports,
        sentCheck: catcher.sentMessageCheck,
        portalLinks: fakePortalLinks(),
        audit: new AuditLog(sandbox.store.db),
        mode: 'sandbox',
      },
      now: () => new Date(sandbox.emulator.clock.now()),
    });
    activities = createDeliveryActivities(deps);
  });
  afterAll(async () => {
    await transports.close();
    await catcher.close();
    await sandbox.close();
  });

  const refOf = (invoiceId: string) => ({
    installationId,
    xeroTenantId: sandbox.tenantId,
    xeroInvoiceId: invoiceId,
  });

  it('e-mails an invoice once with its PDF from Xero, and logs it where the CRM allows', async () => {
    const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
    const read = await activities.readDeliveryInvoice(refOf(planted.invoiceId));
    expect(read).toMatchObject({ approved: true, deliverable: true, sender: 'ledgerbridge' });
    const first = await activities.deliverInvoice({ ...refOf(planted.invoiceId), version: read!.version });
    const again = await activities.deliverInvoice({ ...refOf(planted.invoiceId), version: read!.version });
    expect(again).toEqual(first);

    const mail = catcher.messages.filter((m) => m.parsed.subject?.includes(planted.number));
    expect(mail).toHaveLength(1);
    const [pdf] = mail[0]!.parsed.attachments;
    const text = await pdfFlatText(pdf!.content);
    expect(text).toContain(planted.number);
    expect(text).toContain('1,150.00');
    expect(salesforce.logged.get(first.messageKey)).toMatchObject({
      dealId: 'salesforce-deal',
      to: ['accounts@delivery-customer.example'],
    });
    expect(hubspot.logged.size).toBe(0);
  });

  it('lets Xero send under sender "xero", once, however often asked', async () => {
    settings = { delivery: { sender: 'xero', fileInCrm: true } };
    try {
      const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
      const read = await activities.readDeliveryInvoice(refOf(planted.invoiceId));
      await activities.deliverInvoice({ ...refOf(planted.invoiceId), version: read!.version });
      await activities.deliverInvoice({ ...refOf(planted.invoiceId), version: read!.version });
      expect(sandbox.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toHaveLength(1);
      expect(catcher.messages.some((m) => m.parsed.subject?.includes(planted.number))).toBe(false);
      // Xero now has it as sent to the contact, by Ledgerbridge: its next version may still be e-mailed.
      expect(await activities.readDeliveryInvoice(refOf(planted.invoiceId))).toMatchObject({
        deliverable: true,
      });
    } finally {
      settings = { delivery: { sender: 'ledgerbridge', fileInCrm: true } };
    }
  });

  it('sends nothing for an invoice paid since the workflow looked', async () => {
    const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
    const read = await activities.readDeliveryInvoice(refOf(planted.invoiceId));
    const invoice = sandbox.emulator.store.invoices.get(planted.invoiceId)!;
    const paid = writePayment(sandbox.emulator.store, sandbox.tenantId, {
      Invoice: { InvoiceID: planted.invoiceId },
      Account: { Code: '090' },
      Amount: amountDue(invoice),
      Date: new Date(sandbox.emulator.clock.now()).toISOString().slice(0, 10),
    });
    expect(paid.ok).toBe(true);
    const sent = await activities.sendReminder({
      ...refOf(planted.invoiceId),
      version: read!.version,
      step: 'reminder:0',
      day: 0,
    });
    expect(sent.skipped).toBe('not open');
    const delivered = await activities.deliverInvoice({
      ...refOf(planted.invoiceId),
      version: read!.version,
    });
    expect(delivered.skipped).toBe('not open');
    expect(catcher.messages.some((m) => m.parsed.subject?.includes(planted.number))).toBe(false);
  });

  it('files the PDF once per CRM that allows it, reading it from Xero once', async () => {
    const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
    const read = await activities.readDeliveryInvoice(refOf(planted.invoiceId));
    const result = await activities.fileInvoiceInCrm({ ...refOf(planted.invoiceId), version: read!.version });
    expect(result).toEqual({ filed: 1 });
    const filing = salesforce.filed.find((f) => f.xeroInvoiceId === planted.invoiceId);
    expect(filing).toMatchObject({ invoiceNumber: planted.number, version: read!.version });
    expect(await pdfFlatText(await filing!.pdf())).toContain(planted.number);
  });

  it('leaves alone an invoice someone already sent from Xero', async () => {
    const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
    sandbox.emulator.store.sentToContact.add(planted.invoiceId);
    expect(await activities.readDeliveryInvoice(refOf(planted.invoiceId))).toMatchObject({
      approved: true,
      deliverable: false,
    });
  });

  it('sends and files nothing for a paused installation', async () => {
    const installations = new InstallationStore(sandbox.store.db);
    const planted = plantInvoice(sandbox.emulator, sandbox.tenantId);
    const read = await activities.readDeliveryInvoice(refOf(planted.invoiceId));
    await sandbox.store.db
      .updateTable('installations')
      .set({ status: 'paused' })
      .where('id', '=', installationId)
      .execute();
    try {
      await expect(
        activities.deliverInvoice({ ...refOf(planted.invoiceId), version: read!.version }),
      ).rejects.toThrow(/not active/);
      await expect(
        activities.fileInvoiceInCrm({ ...refOf(planted.invoiceId), version: read!.version }),
      ).rejects.toThrow(/not active/);
    } finally {
      await sandbox.store.db
        .updateTable('installations')
        .set({ status: 'active' })
        .where('id', '=', installationId)
        .execute();
    }
    expect((await installations.get(installationId))?.status).toBe('active');
    expect(catcher.messages.some((m) => m.parsed.subject?.includes(planted.number))).toBe(false);
  });
});
