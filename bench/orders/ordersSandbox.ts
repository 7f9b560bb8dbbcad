import { randomInt, randomUUID } from 'node:crypto';
import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_XERO_CLIENT } from '../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../sandbox/hubspot';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import type { BenchCustomer, CustomerPlan } from './orderPlan';

/**
 * bench:orders' vendors: Xero (the organisation the orders are invoiced in, its customers made up
 * front with account numbers and e-mails) and HubSpot (the CRM whose companies say who buys on
 * account), as `npm start` has them: the sandbox apps registered, webhooks to the worker's
 * ingress, retried over minutes so a restart is survived, and the limits lifted to `perMinute`.
 */
export interface OrdersSandboxSetup {
  ingressUrl: string;
  xeroWebhookKey: string;
  customers: CustomerPlan;
  seed: number;
  xeroPerMinute: number;
  xeroPerDay: number;
}

/** A Xero sales invoice as the tally reads it. */
export interface XeroInvoiceView {
  id: string;
  reference: string;
  contactId: string;
  status: string;
  currency: string;
  totalCents: number;
  amountPaidCents: number;
  /** Order IDs named by the lines (`Order <id> of <date>`: month-end invoices). */
  lineOrderIds: string[];
}

const UNLIMITED = 1_000_000_000;
const WEBHOOK_RETRIES_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];
const cents = (n: number) => Math.round(n * 100);

export function xeroLimits(perMinute: number, perDay: number) {
  return { perMinute, perDay, appPerMinute: perMinute * 10, concurrent: 10_000 };
}

/** Puts customers into a Xero organisation directly (as if long made), without webhooks. */
export function putCustomers(xero: XeroEmulator, tenantId: string, customers: BenchCustomer[]): string[] {
  return customers.map((c) => {
    const id = randomUUID();
    xero.store.putContact(
      {
        id,
        tenantId,
        name: c.name,
        email: c.email,
        firstName: undefined,
        lastName: undefined,
        taxNumber: undefined,
        accountNumber: c.accountNumber,
        status: 'ACTIVE',
        isCustomer: true,
        isSupplier: false,
        groups: [],
        defaultCurrency: undefined,
        updatedAt: xero.store.stamp(),
      },
      { silent: true },
    );
    return id;
  });
}

export class OrdersVendors {
  private constructor(
    readonly xero: XeroEmulator,
    readonly hubspot: HubSpotEmulator,
    readonly servers: { xero: SandboxServer; hubspot: SandboxServer },
    readonly tenantId: string,
    readonly portalId: number,
    /** Xero contact IDs of the customers whose companies get monthly billing ticked. */
    private readonly accountContacts: Map<string, string>,
  ) {}

  static async start(setup: OrdersSandboxSetup): Promise<OrdersVendors> {
    const xero = createXeroEmulator({
      seed: setup.seed,
      rateLimits: xeroLimits(setup.xeroPerMinute, setup.xeroPerDay),
      webhookRetryDelaysMs: WEBHOOK_RETRIES_MS,
    });
    const { tenantId } = xero.seedDataset({
      seed: setup.seed,
      tenantId: randomUUID(),
      tenantName: 'Bench Orders Ltd',
      contacts: 1,
      invoices: 0,
    });
    const all = [...setup.customers.account, ...setup.customers.unticked, ...setup.customers.card];
    const ids = putCustomers(xero, tenantId, all);
    const accountContacts = new Map(setup.customers.account.map((c, i) => [ids[i]!, c.name] as const));
    xero.identity.registerClient({
      ...SANDBOX_XERO_CLIENT,
      redirectUris: [`${setup.ingressUrl}/oauth/xero/callback`],
    });
    xero.webhooks.configure({ url: `${setup.ingressUrl}/webhooks/xero`, key: setup.xeroWebhookKey });

    const portalId = randomInt(100_000, 10_000_000);
    const hubspot = createHubspotEmulator({
      seed: setup.seed,
      portalId,
      firstRecordId: 10_000_000 + randomInt(0, 1_000_000) * 10_000,
      rateLimits: {
        oauthPerTenSeconds: UNLIMITED,
        staticPerTenSeconds: UNLIMITED,
        staticPerDay: UNLIMITED,
        searchPerSecond: UNLIMITED,
      },
      webhookRetryDelaysMs: WEBHOOK_RETRIES_MS,
    });
    hubspot.registerClient({
      ...SANDBOX_HUBSPOT_CLIENT,
      redirectUris: [`${setup.ingressUrl}/oauth/hubspot/callback`],
    });
    hubspot.configureWebhooks({
      targetUrl: `${setup.ingressUrl}/webhooks/hubspot`,
      subscriptions: [{ subscriptionType: 'deal.creation' }],
    });
    const servers = {
      xero: await startSandboxServer(xero, { requestLogSize: 100_000 }),
      hubspot: await startSandboxServer(hubspot, { requestLogSize: 10_000 }),
    };
    return new OrdersVendors(xero, hubspot, servers, tenantId, portalId, accountContacts);
  }

  /**
   * A rep ticks monthly billing on each account customer's company (in HubSpot's UI). Companies the
   * initial load linked are ticked; one it did not make is made with the link, as a rep would.
   */
  tickMonthlyBilling(): { ticked: number; made: number } {
    const store = this.hubspot.portal(this.portalId);
    if (!store.propertiesOf('companies').has('ledgerbridge_monthly_billing'))
      throw new Error('HubSpot has no ledgerbridge_monthly_billing property: the worker did not set it up');
    let ticked = 0;
    let made = 0;
    for (const [contactId, name] of this.accountContacts) {
      const company = store.find('companies', contactId, 'xero_contact_id');
      if (company) {
        store.update('companies', company, { ledgerbridge_monthly_billing: 'true' }, 'CRM_UI');
        ticked++;
      } else {
        store.create(
          'companies',
          { name, xero_contact_id: contactId, ledgerbridge_monthly_billing: 'true' },
          'CRM_UI',
        );
        made++;
      }
    }
    return { ticked, made };
  }

  /** Every sales invoice of the organisation (deleted and voided ones too: the tally decides). */
  invoices(): XeroInvoiceView[] {
    return this.xero.store
      .invoicesOf(this.tenantId)
      .filter((i) => i.type === 'ACCREC')
      .map((i) => ({
        id: i.id,
        reference: i.reference ?? '',
        contactId: i.contactId,
        status: i.status,
        currency: i.currency,
        totalCents: cents(i.total),
        amountPaidCents: cents(i.amountPaid),
        lineOrderIds: i.lines.flatMap((l) => /^Order (\S+) of /.exec(l.description)?.[1] ?? []),
      }));
  }

  apiCalls(): number {
    return this.servers.xero.requests().filter((r) => r.path.startsWith('/api.xro/')).length;
  }

  async close(): Promise<void> {
    await Promise.all([this.servers.xero.close(), this.servers.hubspot.close()]);
  }
}
