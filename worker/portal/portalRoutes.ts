import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type Stripe from 'stripe';
import { z } from 'zod';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import type { DeliverySettings } from '../../workflows/domain/delivery/deliverySettings';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Logger } from '../logger';
import { accountPage } from './pages/accountPage';
import type { PageBrand } from './pages/layout';
import { pageHeaders, privateHeaders } from './pages/layout';
import { noticePage, type Notice } from './pages/noticePage';
import type { PortalLinkRecord, PortalLinks } from './portalLinks';
import { payDestination } from './portalPayment';
import { portalView, type PortalView } from './portalView';
import { PortalXeroReader, type PortalCustomer } from './portalXeroReader';
import { renderStatementPdf } from './statementPdf';

/** The Xero organisation a link reads: its API, and its name (the brand's name when none is set). */
export interface PortalOrganisation {
  api: XeroApi;
  name: string;
}

export interface PortalRouteDeps {
  links: Pick<PortalLinks, 'verify'>;
  /** The link's organisation, only when it is connected to the link's installation and working. */
  organisationOf(customer: PortalCustomer): Promise<PortalOrganisation | undefined>;
  /** The installation's delivery settings (the brand) and the time zone its days are counted in. */
  deliverySettings(installationId: string): Promise<{ delivery: DeliverySettings; timeZone: string }>;
  /** The installation's Stripe client; undefined when it has no Stripe account connected. */
  stripeFor(installationId: string): Promise<Stripe | undefined>;
  /** An invoice's PDF from Xero; without it the page links no invoice PDFs. */
  invoicePdf?: (api: XeroApi, invoiceId: string) => Promise<Buffer>;
  /** The ingress's public base URL: Checkout returns the customer there. */
  publicUrl: string;
  now(): number;
  logger: Logger;
}

const linkParams = z.object({ installationId: z.string().max(64), token: z.string().max(200) });
const invoiceParams = linkParams.extend({ invoiceId: z.string().max(64) });
const pageQuery = z
  .object({
    paid: z
      .string()
      .regex(/^[\w./ -]{1,50}$/)
      .optional(),
  })
  .catch({});

const BASE = '/portal/:installationId/:token';
const options = { config: { rateClass: 'portal' as const } };

/**
 * The customer portal (issue #23), reached only through a signed link: the account page, the
 * statement PDF, each open invoice's PDF (when Xero's PDF reader is given) and its Pay button.
 * Every route verifies the link first; a bad link gets a plain 404, an expired or revoked one a 410,
 * neither naming anything. Every Xero read is the link's contact's, in the link's organisation.
 */
export function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): void {
  const nonce = () => randomBytes(16).toString('base64');

  const notice = (reply: FastifyReply, which: Notice, brand?: PageBrand) => {
    const n = nonce();
    const page = noticePage(which, n, brand);
    return reply.code(page.status).headers(pageHeaders(n, brand?.logoUrl)).send(page.html);
  };

  /** The verified link and its organisation, or the refusal already sent. */
  const open = async (params: unknown, reply: FastifyReply) => {
    const parsed = linkParams.safeParse(params);
    if (!parsed.success) return void notice(reply, 'not_found');
    const { installationId, token } = parsed.data;
    const check = await deps.links.verify(installationId, token);
    if (!check.ok) return void notice(reply, check.refusal === 'invalid' ? 'not_found' : 'gone');
    const link = check.link;
    const organisation = await deps.organisationOf(customerOf(link));
    const { delivery, timeZone } = await deps.deliverySettings(installationId);
    const brand: PageBrand = {
      name: delivery.brand.name ?? organisation?.name ?? 'Customer portal',
      colour: delivery.brand.colour,
      logoUrl: delivery.brand.logoUrl,
    };
    if (!organisation) {
      deps.logger.warn(
        { installationId, linkId: link.id },
        'portal: the link’s Xero organisation is not connected',
      );
      return void notice(reply, 'unavailable', brand);
    }
    const reader = new PortalXeroReader(organisation.api, customerOf(link));
    return { link, organisation, brand, timeZone, reader, basePath: `/portal/${installationId}/${token}` };
  };

  /** Runs a page's Xero work; a vendor failure is the branded 503 page, logged, never a stack. */
  const guarded = async (
    reply: FastifyReply,
    brand: PageBrand,
    where: Record<string, unknown>,
    work: () => Promise<unknown>,
  ) => {
    try {
      return await work();
    } catch (err) {
      deps.logger.warn({ ...where, err }, 'portal: reading Xero failed');
      return notice(reply, 'unavailable', brand);
    }
  };

  const viewOf = async (opened: NonNullable<Awaited<ReturnType<typeof open>>>): Promise<PortalView> => {
    const [contact, openInvoices, payments] = await Promise.all([
      opened.organisation.api.getContact(opened.link.xeroContactId),
      opened.reader.openInvoices(),
      opened.reader.payments(),
    ]);
    return portalView({
      from: opened.brand.name,
      customerName: contact.name,
      today: dateInTimeZone(Math.floor(deps.now() / 1000), opened.timeZone),
      openInvoices,
      payments,
    });
  };

  app.get(BASE, options, async (req, reply) => {
    const opened = await open(req.params, reply);
    if (!opened) return reply;
    const where = { installationId: opened.link.installationId, linkId: opened.link.id };
    return guarded(reply, opened.brand, where, async () => {
      const view = await viewOf(opened);
      const n = nonce();
      return reply
        .code(200)
        .headers(pageHeaders(n, opened.brand.logoUrl))
        .send(
          accountPage(view, {
            brand: opened.brand,
            nonce: n,
            basePath: opened.basePath,
            invoicePdfs: deps.invoicePdf !== undefined,
            paidNumber: pageQuery.parse(req.query).paid,
          }),
        );
    });
  });

  app.get(`${BASE}/statement.pdf`, options, async (req, reply) => {
    const opened = await open(req.params, reply);
    if (!opened) return reply;
    const where = { installationId: opened.link.installationId, linkId: opened.link.id };
    return guarded(reply, opened.brand, where, async () => {
      const pdf = await renderStatementPdf(await viewOf(opened));
      return reply
        .code(200)
        .headers({
          ...privateHeaders(),
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="statement-${new Date(deps.now()).toISOString().slice(0, 10)}.pdf"`,
        })
        .send(pdf);
    });
  });

  const invoicePdf = deps.invoicePdf;
  if (invoicePdf)
    app.get(`${BASE}/invoices/:invoiceId/pdf`, options, async (req, reply) => {
      const opened = await open(req.params, reply);
      if (!opened) return reply;
      const invoiceId = invoiceParams.safeParse(req.params).data?.invoiceId;
      if (!invoiceId) return notice(reply, 'not_found', opened.brand);
      const where = { installationId: opened.link.installationId, linkId: opened.link.id };
      return guarded(reply, opened.brand, where, async () => {
        const invoice = await opened.reader.invoice(invoiceId);
        if (!invoice) return notice(reply, 'not_found', opened.brand);
        const pdf = await invoicePdf(opened.organisation.api, invoice.xeroInvoiceId);
        return reply
          .code(200)
          .headers({
            ...privateHeaders(),
            'content-type': 'application/pdf',
            'content-disposition': `attachment; filename="${invoice.number.replace(/[^\w.-]/g, '_')}.pdf"`,
          })
          .send(pdf);
      });
    });

  app.post(`${BASE}/invoices/:invoiceId/pay`, options, async (req, reply) => {
    const opened = await open(req.params, reply);
    if (!opened) return reply;
    const invoiceId = invoiceParams.safeParse(req.params).data?.invoiceId;
    if (!invoiceId) return notice(reply, 'not_found', opened.brand);
    const where = { installationId: opened.link.installationId, linkId: opened.link.id, invoiceId };
    return guarded(reply, opened.brand, where, async () => {
      const invoice = await opened.reader.invoice(invoiceId);
      if (!invoice) return notice(reply, 'not_found', opened.brand);
      const back = `${deps.publicUrl.replace(/\/+$/, '')}${opened.basePath}`;
      // Paid meanwhile (or credited): back to the page, which no longer lists it.
      if (invoice.status !== 'AUTHORISED' || invoice.amountDue <= 0) return reply.redirect(back, 303);
      const destination = await payDestination({
        invoice,
        stripe: await deps.stripeFor(opened.link.installationId),
        onlineUrl: () => opened.reader.onlineInvoiceUrl(invoice.xeroInvoiceId),
        returnUrl: back,
        xeroTenantId: opened.link.xeroTenantId,
      });
      if (!destination) return notice(reply, 'unavailable', opened.brand);
      deps.logger.info({ ...where, via: destination.kind }, 'portal: customer sent to pay');
      return reply.headers(privateHeaders()).redirect(destination.url, 303);
    });
  });
}

function customerOf(link: PortalLinkRecord): PortalCustomer {
  return {
    installationId: link.installationId,
    xeroTenantId: link.xeroTenantId,
    xeroContactId: link.xeroContactId,
  };
}
