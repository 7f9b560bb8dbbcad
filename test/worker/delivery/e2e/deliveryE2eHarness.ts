import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import pino from 'pino';
import Stripe from 'stripe';
import type { App } from '../../../../worker/app';
import { loadSecretBox } from '../../../../worker/connections/keyring';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { HUBSPOT_SCOPES } from '../../../../worker/connectors/hubspot/hubspotEndpoints';
import { associatedIds, readEngagements } from '../../../../worker/connectors/hubspot/hubspotEngagements';
import { SALESFORCE_API_VERSION } from '../../../../worker/connectors/salesforce/salesforceApi';
import type { DemoStripeAccount } from '../../../../worker/payments/demoStripe';
import { MappingSettingsStore } from '../../../../worker/sync/mappingSettingsStore';
import { startEmbeddedApp } from '../../../support/embeddedApp';
import { installQuietRuntime } from '../../../support/temporal';
import { hubspotReader, salesforceReader, type CrmReader } from '../../payments/e2e/paymentsCrmReaders';
import { MailpitInbox } from './mailpitInbox';
import { mailpitPath } from '../../../support/mailpitBinary';

export type E2eCrm = 'hubspot' | 'salesforce';

const ADMIN_TOKEN = 'pat-na1-delivery-e2e-admin';

/** The invoice's PDF as filed on its deal: where, under what name, and its bytes where the CRM serves them. */
export interface FiledPdf {
  recordId: string;
  fileName: string;
  /** Also reachable from the deal's account/company (a link or association to it). */
  onAccount: boolean;
  pdf?: Buffer;
}

export interface CrmDelivery {
  /** Merges `payments` settings into the installation's saved settings (an admin's choice). */
  savePaymentSettings(payments: Record<string, unknown>): Promise<void>;
  installationId: string;
  xeroTenantId: string;
  stripeAccount: DemoStripeAccount;
  stripe: Stripe;
  crm: CrmReader;
  /** The scopes the demo CRM connection was granted (HubSpot's optional `files` among them, or not). */
  grantedScopes: string[];
  /** The PDF of the Xero invoice filed on the deal, if it is there. */
  filedPdf(dealId: string, invoice: { id: string; number: string }): Promise<FiledPdf | undefined>;
}

export interface DeliveryE2e {
  app: App;
  inbox: MailpitInbox;
  forCrm(crm: E2eCrm): Promise<CrmDelivery>;
  stop(): Promise<void>;
}

/** `npm start`'s app with both demo installations and Mailpit, on fresh ports. */
export async function startDeliveryE2e(): Promise<DeliveryE2e> {
  installQuietRuntime();
  process.env.MAILPIT_PATH = mailpitPath();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lb-delivery-e2e-'));
  const { app, config } = await startEmbeddedApp(
    { LEDGERBRIDGE_DATA_DIR: dataDir },
    pino({ level: 'silent' }),
    { demoInstallations: true, mailpit: true },
  );
  const stop = async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  if (!app.mailpit) {
    await stop();
    throw new Error('npm start ran without Mailpit: the demo e-mails have nowhere to go');
  }
  const connections = new ConnectionStore(app.store.db, await loadSecretBox(config.encryption));
  return {
    app,
    inbox: new MailpitInbox(app.mailpit.apiUrl),
    stop,
    async forCrm(crmKind) {
      const all = await connections.list();
      const crmConnection = all.find((c) => c.vendor === crmKind);
      if (!crmConnection) throw new Error(`no demo ${crmKind} connection`);
      const { installationId } = crmConnection;
      const xeroConnection = all.find((c) => c.vendor === 'xero' && c.installationId === installationId);
      if (!xeroConnection) throw new Error(`no Xero organisation for the ${crmKind} installation`);
      const stripeAccount = app.stripeDemo.find((a) => a.installationId === installationId);
      if (!stripeAccount) throw new Error(`no demo Stripe account for the ${crmKind} installation`);
      const stripeUrl = new URL(app.sandbox.stripe!.url);
      const stripe = new Stripe(stripeAccount.secretKey, {
        host: stripeUrl.hostname,
        port: Number(stripeUrl.port),
        protocol: 'http',
        maxNetworkRetries: 0,
      });
      const settings = new MappingSettingsStore(app.store.db);
      const common = {
        async savePaymentSettings(payments: Record<string, unknown>) {
          const current = (await settings.loadInstallation(installationId)) as Record<string, unknown>;
          const merged = {
            ...current,
            payments: { ...(current.payments as object | undefined), ...payments },
          };
          await settings.save(installationId, merged, { source: 'test', savedBy: 'jest' });
        },
        installationId,
        xeroTenantId: xeroConnection.externalId,
        stripeAccount,
        stripe,
        grantedScopes: crmConnection.scopes,
      };
      if (crmKind === 'hubspot') {
        const hubspot = app.sandbox.hubspot!;
        // The test's own reader: it may read files whatever the demo connection was granted.
        hubspot.emulator.registerStaticToken(hubspot.portalId, ADMIN_TOKEN, [...HUBSPOT_SCOPES, 'files']);
        const hs = new HubspotClient({ accessToken: ADMIN_TOKEN, basePath: hubspot.url });
        return {
          ...common,
          crm: hubspotReader(hs),
          filedPdf: (dealId, invoice) => hubspotFiled(hs, dealId, invoice.id),
        };
      }
      const connect = async () => {
        const { tokens } = await connections.readTokens(crmConnection.id);
        return new JsforceConnection({
          instanceUrl: String(crmConnection.settings.instanceUrl),
          accessToken: tokens.accessToken,
          version: SALESFORCE_API_VERSION,
        });
      };
      return {
        ...common,
        crm: salesforceReader(connect),
        filedPdf: async (dealId, invoice) => salesforceFiled(await connect(), dealId, invoice.number),
      };
    },
  };
}

/** HubSpot: the deal's note naming the Xero invoice, and the file it attaches (Files API). */
async function hubspotFiled(
  hs: HubspotClient,
  dealId: string,
  xeroInvoiceId: string,
): Promise<FiledPdf | undefined> {
  const call = <T>(fn: (c: HubspotClient) => Promise<T>) => fn(hs);
  const ids = await associatedIds(call, 'deals', dealId, 'notes');
  const notes = await readEngagements(call, 'notes', ids, ['hs_note_body', 'hs_attachment_ids']);
  const note = notes.find((n) =>
    n.properties.hs_note_body?.includes(`Ledgerbridge invoice ${xeroInvoiceId},`),
  );
  const fileId = note?.properties.hs_attachment_ids;
  if (!note || !fileId) return undefined;
  const file = await hs.files.filesApi.getById(fileId);
  const companies = await hs.crm.associations.v4.basicApi.getPage('deals', dealId, 'companies');
  const company = companies.results[0]?.toObjectId;
  const onAccount =
    company !== undefined &&
    (await associatedIds(call, 'companies', String(company), 'notes')).includes(note.id);
  return { recordId: note.id, fileName: `${file.name ?? ''}.${file.extension ?? ''}`, onAccount };
}

const soql = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Salesforce: the ContentDocument linked to the opportunity (ContentDocumentLink) titled with the invoice number, and its bytes. */
async function salesforceFiled(
  sf: JsforceConnection,
  opportunityId: string,
  invoiceNumber: string,
): Promise<FiledPdf | undefined> {
  const links = await sf.query<{ ContentDocumentId: string }>(
    `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = ${soql(opportunityId)}`,
  );
  for (const link of links.records) {
    const versions = await sf.query<{ Id: string; Title: string; PathOnClient: string }>(
      'SELECT Id, Title, PathOnClient FROM ContentVersion ' +
        `WHERE ContentDocumentId = ${soql(link.ContentDocumentId)} AND IsLatest = true`,
    );
    const version = versions.records.find((v) => v.Title === invoiceNumber);
    if (!version) continue;
    // The blob over plain HTTP: jsforce would read it as text.
    const res = await fetch(
      `${sf.instanceUrl}/services/data/v${SALESFORCE_API_VERSION}/sobjects/ContentVersion/${version.Id}/VersionData`,
      { headers: { authorization: `Bearer ${sf.accessToken}` } },
    );
    if (!res.ok) throw new Error(`VersionData answered ${res.status}`);
    const pdf = Buffer.from(await res.arrayBuffer());
    const opportunity = await sf.query<{ AccountId: string | null }>(
      `SELECT AccountId FROM Opportunity WHERE Id = ${soql(opportunityId)}`,
    );
    const accountId = opportunity.records[0]?.AccountId;
    const onAccount =
      !!accountId &&
      (
        await sf.query<{ LinkedEntityId: string }>(
          `SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = ${soql(link.ContentDocumentId)}`,
        )
      ).records.some((r) => r.LinkedEntityId === accountId);
    return { recordId: link.ContentDocumentId, fileName: version.PathOnClient, onAccount, pdf };
  }
  return undefined;
}
