import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import pino from 'pino';
import Stripe from 'stripe';
import type { InvoiceRecord } from '../../../../sandbox/xero/model';
import type { App } from '../../../../worker/app';
import { loadSecretBox } from '../../../../worker/connections/keyring';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { HUBSPOT_SCOPES } from '../../../../worker/connectors/hubspot/hubspotEndpoints';
import { SALESFORCE_API_VERSION } from '../../../../worker/connectors/salesforce/salesforceApi';
import type { DemoStripeAccount } from '../../../../worker/payments/demoStripe';
import { MappingSettingsStore } from '../../../../worker/sync/mappingSettingsStore';
import { stripeEventSchema } from '../../../../worker/webhooks/stripeEventSchema';
import {
  stripeObjectEventsQuery,
  stripeObjectStateQuery,
} from '../../../../workflows/stripe/stripeObjectSignals';
import { startEmbeddedApp } from '../../../support/embeddedApp';
import { installQuietRuntime } from '../../../support/temporal';
import { hubspotReader, salesforceReader, type CrmReader } from './paymentsCrmReaders';

export type E2eCrm = 'hubspot' | 'salesforce';

const ADMIN_TOKEN = 'pat-na1-payments-e2e-admin';

/** Polls until `read` gives a value (errors count as "not yet"); the last value seen is in the error. */
export async function waitFor<T>(
  read: () => Promise<T | undefined | false>,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    // Not faster: the CRM sandboxes' per-second limits are shared with the app.
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface PaymentsE2e {
  app: App;
  account: DemoStripeAccount;
  stripe: Stripe;
  crm: CrmReader;
  xeroTenantId: string;
  /** An AUTHORISED ACCREC invoice with something owed and a deal in the CRM, each handed out once. */
  takeInvoice(): InvoiceRecord;
  /** The amount owed in minor units and the lower-case currency, as Stripe takes them. */
  owed(invoice: InvoiceRecord): { amount: number; currency: string };
  /** Live Xero payments on the invoice. */
  xeroPayments(invoiceId: string): Array<{ id: string; amount: number; reference: string | undefined }>;
  /** Merges `payments` settings into the installation's saved settings. */
  savePaymentSettings(payments: Record<string, unknown>): Promise<void>;
  storedPayment(
    stripePaymentId: string,
  ): Promise<{ outcome: string | null; xero_payment_id: string | null } | undefined>;
  /** Where the installation's Stripe object workflows stand (their pending activities' last failures), for a time-out's message. */
  diagnose(): Promise<string>;
  /** The emulator's clock, seconds. */
  stripeNow(): number;
  stop(): Promise<void>;
}

/** The embedded app (`npm start` with the demo installations) and a Stripe SDK client for one CRM's installation. */
export async function startPaymentsE2e(crmKind: E2eCrm): Promise<PaymentsE2e> {
  installQuietRuntime();
  const dataDir = await mkdtemp(path.join(tmpdir(), `lb-pay-e2e-${crmKind}-`));
  const { app, config } = await startEmbeddedApp(
    { LEDGERBRIDGE_DATA_DIR: dataDir },
    pino({ level: 'silent' }),
    {
      demoInstallations: true,
    },
  );
  const stop = async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const connections = new ConnectionStore(app.store.db, await loadSecretBox(config.encryption));
    const all = await connections.list();
    const crmConnection = all.find((c) => c.vendor === crmKind);
    if (!crmConnection) throw new Error(`no demo ${crmKind} connection`);
    const installationId = crmConnection.installationId;
    const account = app.stripeDemo.find((a) => a.installationId === installationId);
    if (!account) throw new Error(`no demo Stripe account for the ${crmKind} installation`);
    const xeroConnection = all.find((c) => c.vendor === 'xero' && c.installationId === installationId);
    if (!xeroConnection) throw new Error(`no Xero organisation for the ${crmKind} installation`);
    const xeroTenantId = xeroConnection.externalId;

    const stripeUrl = new URL(app.sandbox.stripe!.url);
    const stripe = new Stripe(account.secretKey, {
      host: stripeUrl.hostname,
      port: Number(stripeUrl.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });

    let crm: CrmReader;
    if (crmKind === 'hubspot') {
      const hubspot = app.sandbox.hubspot!;
      hubspot.emulator.registerStaticToken(hubspot.portalId, ADMIN_TOKEN, HUBSPOT_SCOPES);
      crm = hubspotReader(new HubspotClient({ accessToken: ADMIN_TOKEN, basePath: hubspot.url }));
    } else {
      crm = salesforceReader(async () => {
        const { tokens } = await connections.readTokens(crmConnection.id);
        return new JsforceConnection({
          instanceUrl: String(crmConnection.settings.instanceUrl),
          accessToken: tokens.accessToken,
          version: SALESFORCE_API_VERSION,
        });
      });
    }

    const xero = app.sandbox.xero!.emulator;
    const owedMajor = (i: InvoiceRecord) =>
      Math.round((i.total - i.amountPaid - i.amountCredited) * 100) / 100;
    // The backfill has linked the organisation's open invoices to deals.
    const open = () =>
      [...xero.store.invoices.values()].filter(
        (i) =>
          i.tenantId === xeroTenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED' && owedMajor(i) > 0,
      );
    // Until the backfill has finished: five linked, and no more deals for five seconds.
    let stable = { count: -1, since: Date.now() };
    const withDeals = await waitFor(
      async () => {
        const linked = new Set(await crm.dealInvoiceIds());
        if (linked.size !== stable.count) stable = { count: linked.size, since: Date.now() };
        const found = open().filter((i) => linked.has(i.id));
        return found.length >= 5 && Date.now() - stable.since > 5_000 ? found : undefined;
      },
      `five open invoices with deals in ${crmKind}`,
      180_000,
    );
    const taken = new Set<string>();
    const settings = new MappingSettingsStore(app.store.db);

    return {
      app,
      account,
      stripe,
      crm,
      xeroTenantId,
      takeInvoice() {
        const next = withDeals.find((i) => !taken.has(i.id));
        if (!next) throw new Error('no open invoice with a deal left');
        taken.add(next.id);
        return xero.store.invoices.get(next.id) ?? next;
      },
      owed: (invoice) => ({
        amount: Math.round(owedMajor(invoice) * 100),
        currency: invoice.currency.toLowerCase(),
      }),
      xeroPayments: (invoiceId) =>
        [...xero.store.payments.values()]
          .filter((p) => p.invoiceId === invoiceId && p.status === 'AUTHORISED')
          .map((p) => ({ id: p.id, amount: p.amount, reference: p.reference })),
      async savePaymentSettings(payments) {
        const current = (await settings.loadInstallation(installationId)) as Record<string, unknown>;
        const merged = { ...current, payments: { ...(current.payments as object | undefined), ...payments } };
        await settings.save(installationId, merged, { source: 'test', savedBy: 'jest' });
      },
      storedPayment: (stripePaymentId) =>
        app.store.db
          .selectFrom('stripe_payments')
          .select(['outcome', 'xero_payment_id'])
          .where('installation_id', '=', installationId)
          .where('stripe_payment_id', '=', stripePaymentId)
          .executeTakeFirst(),
      async diagnose() {
        const out: unknown[] = [];
        const client = app.temporal.client;
        for await (const wf of client.workflow.list({ query: `WorkflowType = 'stripeObjectWorkflow'` })) {
          if (!wf.workflowId.includes(installationId)) continue;
          const described = await client.workflow.getHandle(wf.workflowId).describe();
          const pending = (described.raw.pendingActivities ?? []).map((a) => ({
            activity: a.activityType?.name,
            attempt: a.attempt,
            failure: a.lastFailure?.message,
          }));
          const state = await client.workflow
            .getHandle(wf.workflowId)
            .query(stripeObjectStateQuery)
            .catch((err: unknown) => String(err));
          const events = await client.workflow
            .getHandle(wf.workflowId)
            .query(stripeObjectEventsQuery)
            .then((list) =>
              list.map((e) => ({
                type: e.type,
                created: e.created,
                parsed:
                  stripeEventSchema.safeParse({
                    id: e.eventId,
                    object: 'event',
                    type: e.type,
                    created: e.created,
                    livemode: e.livemode,
                    data: { object: e.object },
                  }).error?.message ?? 'ok',
              })),
            )
            .catch((err: unknown) => String(err));
          const history = await client.workflow.getHandle(wf.workflowId).fetchHistory();
          const taskFailures = (history.events ?? [])
            .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message)
            .filter((m): m is string => typeof m === 'string')
            .slice(-2);
          const kinds = (history.events ?? []).map((e) => e.eventType).slice(-15);
          out.push({
            id: wf.workflowId,
            status: wf.status.name,
            pending,
            state,
            events,
            taskFailures,
            kinds,
          });
        }
        const deliveries = app.sandbox.stripe!.emulator.webhooks.deliveries().map((d) => ({
          type: d.eventType,
          delivered: d.delivery.delivered,
          attempts: d.delivery.attempts.map((a) => ('status' in a ? a.status : a)),
        }));
        out.push({ deliveries: deliveries.slice(-12) });
        return JSON.stringify(out);
      },
      stripeNow: () => Math.floor(app.sandbox.stripe!.emulator.clock.now() / 1000),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
