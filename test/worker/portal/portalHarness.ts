import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Invoice, LineAmountTypes } from 'xero-node';
import {
  deliverySettingsSchema,
  type DeliverySettings,
} from '../../../workflows/domain/delivery/deliverySettings';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { stripeClient } from '../../../worker/connectors/stripe/stripeClient';
import { invoicePdf } from '../../../worker/connectors/xero/xeroInvoiceDelivery';
import { buildIngressApp } from '../../../worker/ingress/ingressApp';
import type { IngressLimitOverrides } from '../../../worker/ingress/ingressLimits';
import type { Logger } from '../../../worker/logger';
import { PortalLinkKeys } from '../../../worker/portal/portalLinkKeys';
import { PortalLinks } from '../../../worker/portal/portalLinks';
import { registerPortalRoutes } from '../../../worker/portal/portalRoutes';
import { startStripeXero, type StripeXeroHarness } from '../payments/xero/stripeXeroHarness';

export const PUBLIC_URL = 'https://portal.example.com';

export interface PortalResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  raw: Buffer;
}
export type PortalRequest = (method: 'GET' | 'POST', path: string) => Promise<PortalResponse>;

export interface PortalHarness {
  h: StripeXeroHarness;
  links: PortalLinks;
  clock: { now: number };
  /** Whether the installation has its Stripe account connected. */
  stripeConnected: { value: boolean };
  settings: { value: DeliverySettings };
  /** The portal's routes on a listening ingress app; `request` speaks HTTP to it (no redirects followed). */
  app(
    limits?: IngressLimitOverrides,
    logger?: Logger,
  ): Promise<{ app: FastifyInstance; origin: string; request: PortalRequest }>;
  /** An approved sales invoice of one line, dated and due as given. */
  invoice(
    tenant: string,
    contact: string,
    amount: number,
    date: string,
    due: string,
  ): Promise<{ id: string; number: string }>;
  close(): Promise<void>;
}

/**
 * The portal's routes on the ingress's Fastify app (rate limits and error handler included), over a
 * store, the Xero emulator with two organisations of one installation, and the Stripe emulator.
 */
export async function startPortal(): Promise<PortalHarness> {
  const h = await startStripeXero();
  const clock = { now: Date.UTC(2026, 2, 1, 10, 0) };
  const box = new SecretBox(parseKeyring(`portal:${Buffer.alloc(32, 9).toString('base64')}`));
  const links = new PortalLinks({
    db: h.store.db,
    keys: new PortalLinkKeys(h.store.db, box),
    publicUrl: PUBLIC_URL,
    now: () => clock.now,
  });
  const stripeConnected = { value: true };
  const settings = {
    value: deliverySettingsSchema.parse({ brand: { name: 'Acme Supplies', colour: '#FFD60A' } }),
  };
  const apps: FastifyInstance[] = [];

  return {
    h,
    links,
    clock,
    stripeConnected,
    settings,
    app: async (limits, logger = pino({ level: 'silent' })) => {
      const app = await buildIngressApp({
        logger,
        health: {
          temporal: { address: 'none', namespace: 'default', probe: () => Promise.resolve() },
          store: h.store,
        },
        ...(limits ? { limits } : {}),
        routes: [
          (fastify) =>
            registerPortalRoutes(fastify, {
              links,
              organisationOf: async (customer) =>
                customer.installationId === h.installationId && h.tenants.includes(customer.xeroTenantId)
                  ? { api: await h.api(customer.xeroTenantId), name: 'Xero Org Name' }
                  : undefined,
              deliverySettings: () =>
                Promise.resolve({ delivery: settings.value, timeZone: 'Pacific/Auckland' }),
              stripeFor: (installationId) =>
                Promise.resolve(
                  stripeConnected.value && installationId === h.installationId
                    ? stripeClient(h.stripe.keys.restrictedKey, {
                        mode: 'sandbox',
                        baseUrl: h.stripe.server.url,
                      })
                    : undefined,
                ),
              invoicePdf,
              publicUrl: PUBLIC_URL,
              now: () => clock.now,
              logger: pino({ level: 'silent' }),
            }),
        ],
      });
      apps.push(app);
      const origin = await app.listen({ host: '127.0.0.1', port: 0 });
      const request: PortalRequest = async (method, path) => {
        const res = await fetch(`${origin}${path}`, { method, redirect: 'manual' });
        const raw = Buffer.from(await res.arrayBuffer());
        return {
          statusCode: res.status,
          headers: Object.fromEntries(res.headers.entries()),
          body: raw.toString('utf8'),
          raw,
        };
      };
      return { app, origin, request };
    },
    invoice: async (tenant, contact, amount, date, due) => {
      const res = await (
        await h.api(tenant)
      ).call((x, t) =>
        x.createInvoices(t, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contact },
              date,
              dueDate: due,
              currencyCode: 'USD' as never,
              status: Invoice.StatusEnum.AUTHORISED,
              lineAmountTypes: LineAmountTypes.NoTax,
              reference: `ref-${randomUUID().slice(0, 6)}`,
              lineItems: [{ description: 'Service', quantity: 1, unitAmount: amount, accountCode: '200' }],
            },
          ],
        }),
      );
      const saved = res.body.invoices?.[0];
      return { id: saved?.invoiceID ?? '', number: saved?.invoiceNumber ?? '' };
    },
    close: async () => {
      await Promise.all(apps.map((a) => a.close()));
      await h.close();
    },
  };
}
