import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { Invoice, LineAmountTypes } from 'xero-node';
import { startSandboxServer, type SandboxServer } from '../../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../../sandbox/xero';
import type { StripePaymentFacts } from '../../../../workflows/domain/stripe/stripePayment';
import { XERO_SCOPES } from '../../../../worker/connectors/xero/xeroEndpoints';
import type { XeroApi } from '../../../../worker/connectors/xero/xeroApi';
import { stripeClient } from '../../../../worker/connectors/stripe/stripeClient';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import {
  createStripePaymentActivities,
  type StripePaymentActivities,
} from '../../../../worker/payments/stripePaymentActivities';
import type { Store } from '../../../../worker/store/store';
import type { XeroEventDispatch } from '../../../../worker/webhooks/xeroEventDispatcher';
import { startStripe, type StripeHarness } from '../../../sandbox/stripe/harness';
import { createTestStore } from '../../../support/stores';
import { syncActivityDeps, XERO_CLIENT } from '../../../support/syncDeps';

const KEYRING = `stripe-xero:${Buffer.alloc(32, 7).toString('base64')}`;

export interface StripeXeroHarness {
  stripe: StripeHarness;
  xero: XeroEmulator;
  store: Store;
  installationId: string;
  /** The installation's two Xero organisations. */
  tenants: [string, string];
  activities: StripePaymentActivities;
  settings: { recordInXero: boolean };
  /** true: the next Xero payment is made but its answer is lost (a timeout, a killed worker). */
  faults: { loseNextPaymentAnswer: boolean };
  api(tenantId: string): Promise<XeroApi>;
  contact(tenantId: string, name: string, email?: string): Promise<string>;
  invoice(
    tenantId: string,
    contactId: string,
    amount: number,
    currency?: string,
  ): Promise<{ id: string; number: string }>;
  /** A Xero payment made outside Ledgerbridge (a person, or Xero's own Stripe pay-now). */
  payInXero(
    tenantId: string,
    invoiceId: string,
    amount: number,
    reference: string,
    date: string,
  ): Promise<string>;
  /** The live payments Xero holds on an invoice. */
  xeroPayments(
    tenantId: string,
    invoiceId: string,
  ): Promise<Array<{ id: string; amount: number; reference?: string }>>;
  /** A succeeded PaymentIntent through the Stripe SDK, as the facts the workflow hands over. */
  paid(input: {
    amount: number;
    currency?: string;
    customer?: string;
    metadata?: Record<string, string>;
  }): Promise<StripePaymentFacts>;
  close(): Promise<void>;
}

export async function startStripeXero(): Promise<StripeXeroHarness> {
  const stripe = await startStripe();
  const xero = createXeroEmulator();
  const first = xero.seedDataset({ tenantId: randomUUID(), contacts: 1, invoices: 0, asOf: '2026-01-15' });
  const second = xero.seedDataset({
    tenantId: randomUUID(),
    tenantName: 'Second Org',
    contacts: 1,
    invoices: 0,
    asOf: '2026-01-15',
  });
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const server: SandboxServer = await startSandboxServer(xero);
  const store = await createTestStore('pglite');
  const deps = syncActivityDeps({
    store,
    keyring: KEYRING,
    urls: { xero: server.url, salesforce: 'http://127.0.0.1:9', hubspot: 'http://127.0.0.1:9' },
    dispatch: (() => Promise.resolve()) as unknown as XeroEventDispatch,
  });
  const installation = await new InstallationStore(store.db).ensure({
    slug: `pay-${Date.now()}`,
    name: 'Payments',
  });
  const tenants: [string, string] = [first.tenantId, second.tenantId];
  const connectionOf = new Map<string, string>();
  for (const tenantId of tenants) {
    const grant = xero.identity.issueGrant(XERO_CLIENT.clientId, XERO_SCOPES.join(' '), [tenantId]);
    const connection = await deps.connections.save({
      installationId: installation.id,
      vendor: 'xero',
      externalId: tenantId,
      displayName: tenantId,
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    connectionOf.set(tenantId, connection.id);
  }
  const settings = { recordInXero: true };
  const faults = { loseNextPaymentAnswer: false };
  const xeroApi = (connectionId: string): XeroApi => {
    const api = deps.xeroApi(connectionId);
    const call = api.call.bind(api);
    api.call = (fn) =>
      call(async (xero, tenant) => {
        let creating = false;
        const watched = new Proxy(xero, {
          get: (target, prop, receiver) => {
            if (prop === 'createPayment') creating = true;
            return Reflect.get(target, prop, receiver) as unknown;
          },
        });
        const result = await fn(watched, tenant);
        if (creating && faults.loseNextPaymentAnswer) {
          faults.loseNextPaymentAnswer = false;
          throw new Error('socket hang up');
        }
        return result;
      });
    return api;
  };
  const activities = createStripePaymentActivities({
    db: store.db,
    connections: deps.connections,
    xeroApi,
    stripeFor: (id) =>
      Promise.resolve<Stripe>(
        id === installation.id
          ? stripeClient(stripe.keys.restrictedKey, { mode: 'sandbox', baseUrl: stripe.server.url })
          : stripeClient('rk_test_wrongInstallation000000', { mode: 'sandbox', baseUrl: stripe.server.url }),
      ),
    loadInstallationSettings: () => Promise.resolve({ payments: { ...settings } }),
    audit: deps.audit,
  });
  const api = (tenantId: string) => Promise.resolve(deps.xeroApi(connectionOf.get(tenantId) ?? ''));

  return {
    stripe,
    xero,
    store,
    installationId: installation.id,
    tenants,
    activities,
    settings,
    faults,
    api,
    contact: async (tenantId, name, email) => {
      const res = await (
        await api(tenantId)
      ).call((x, t) =>
        x.createContacts(t, { contacts: [{ name, ...(email ? { emailAddress: email } : {}) }] }),
      );
      return res.body.contacts?.[0]?.contactID ?? '';
    },
    invoice: async (tenantId, contactId, amount, currency = 'USD') => {
      const res = await (
        await api(tenantId)
      ).call((x, t) =>
        x.createInvoices(t, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              date: '2026-01-20',
              dueDate: '2026-02-19',
              currencyCode: currency as never,
              status: Invoice.StatusEnum.AUTHORISED,
              lineAmountTypes: LineAmountTypes.NoTax,
              lineItems: [{ description: 'Licence', quantity: 1, unitAmount: amount, accountCode: '200' }],
            },
          ],
        }),
      );
      const saved = res.body.invoices?.[0];
      return { id: saved?.invoiceID ?? '', number: saved?.invoiceNumber ?? '' };
    },
    payInXero: async (tenantId, invoiceId, amount, reference, date) => {
      const res = await (
        await api(tenantId)
      ).call((x, t) =>
        x.createPayment(t, {
          invoice: { invoiceID: invoiceId },
          account: { code: '090' },
          amount,
          date,
          reference,
        }),
      );
      return res.body.payments?.[0]?.paymentID ?? '';
    },
    xeroPayments: async (tenantId, invoiceId) => {
      const res = await (await api(tenantId)).call((x, t) => x.getInvoice(t, invoiceId));
      return (res.body.invoices?.[0]?.payments ?? []).map((p) => ({
        id: p.paymentID ?? '',
        amount: p.amount ?? 0,
        ...(p.reference ? { reference: p.reference } : {}),
      }));
    },
    paid: async ({ amount, currency = 'usd', customer, metadata = {} }) => {
      const intent = await stripe.stripe.paymentIntents.create({
        amount,
        currency,
        ...(customer ? { customer } : {}),
        metadata,
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      return {
        id: intent.id,
        latest_charge:
          typeof intent.latest_charge === 'string'
            ? intent.latest_charge
            : (intent.latest_charge?.id ?? null),
        amount: intent.amount_received,
        currency: intent.currency,
        customer: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
        metadata: intent.metadata,
        succeeded_at: stripe.nowSeconds(),
      };
    },
    close: async () => {
      await store.close();
      await server.close();
      await stripe.close();
    },
  };
}
