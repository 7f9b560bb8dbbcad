import { send } from '../core/http';
import type { SandboxContext, SandboxHandler } from '../core/server';
import { findContactForUpdate, writeContact } from './contactWrites';
import { notFound, validationException } from './errors';
import { findInvoiceForUpdate, writeInvoice } from './invoiceWrites';
import { sendInvoicePdf, wantsPdf } from './invoiceDeliveryRoutes';
import { orderAndPage, parseListQuery, type ListQuery } from './listing';
import type { ContactRecord, InvoiceRecord } from './model';
import { allocateCreditNote, deletePayment, writeCreditNote, writePayment } from './paymentWrites';
import { ACCOUNTS, CURRENCIES, ITEMS, TAX_RATES, TRACKING_CATEGORIES } from './referenceData';
import { api, API, batchWrite, elementsOf, type RouteDeps } from './routes';
import {
  contactBalances,
  contactJson,
  creditNoteJson,
  envelope,
  invoiceJson,
  paymentJson,
} from './serialize';
import { msDate } from './wire';

type On = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: SandboxHandler) => void;

/** The Accounting API resources Ledgerbridge uses. https://developer.xero.com/documentation/api/accounting/overview */
export function accountingRoutes(on: On, deps: RouteDeps): void {
  const { state } = deps;
  const ok = (
    ctx: SandboxContext,
    key: string,
    items: unknown[],
    pagination?: Parameters<typeof envelope>[3],
  ) => send(ctx.res, 200, envelope(deps.now(), key, items, pagination));

  // Invoices
  on(
    'GET',
    `${API}/Invoices`,
    api(deps, (ctx, tenantId) => {
      const q = parseListQuery(ctx);
      const ids = q.list('IDs');
      const numbers = q.list('InvoiceNumbers');
      const contacts = q.list('ContactIDs');
      const statuses = q.list('Statuses');
      const all = state.invoicesOf(tenantId);
      const filtered = ids || numbers || contacts || statuses || q.modifiedSince !== undefined || q.where;
      // Unfiltered pages are slices of the tenant's list: no pass over every invoice per page.
      const records = !filtered
        ? all
        : all.filter(
            (i) =>
              (!ids || ids.includes(i.id)) &&
              (!numbers || numbers.includes(i.number)) &&
              (!contacts || contacts.includes(i.contactId)) &&
              (!statuses || statuses.includes(i.status)) &&
              (q.modifiedSince === undefined || i.updatedAt >= q.modifiedSince) &&
              (!q.where || q.where(invoiceJson(state, i, { withLines: false }))),
          );
      const { items, pagination } = orderAndPage(records, q, (i, f) =>
        sortKey(invoiceJson(state, i, { withLines: false }), f),
      );
      // Line items come with paged or single-invoice requests only, as in Xero; summaryOnly drops them.
      const summary = ctx.url.searchParams.get('summaryOnly')?.toLowerCase() === 'true';
      ok(
        ctx,
        'Invoices',
        items.map((i) => invoiceJson(state, i, { withLines: q.page !== undefined, summary })),
        pagination,
      );
    }),
  );
  on(
    'GET',
    `${API}/Invoices/:id`,
    api(deps, (ctx, tenantId) => {
      const invoice = findInvoiceForUpdate(state, tenantId, {}, ctx.params.id);
      if (!invoice) throw notFound();
      if (wantsPdf(ctx)) return sendInvoicePdf(ctx, deps, invoice);
      ok(ctx, 'Invoices', [invoiceJson(state, invoice, { withLines: true })]);
    }),
  );
  on(
    'GET',
    `${API}/Invoices/:id/OnlineInvoice`,
    api(deps, (ctx, tenantId) => {
      const invoice = findInvoiceForUpdate(state, tenantId, {}, ctx.params.id);
      if (!invoice) throw notFound();
      if (invoice.type !== 'ACCREC' || invoice.status === 'DRAFT' || invoice.status === 'DELETED') {
        throw validationException([
          {
            InvoiceID: invoice.id,
            ValidationErrors: [
              { Message: 'An online invoice is only available for approved sales invoices' },
            ],
          },
        ]);
      }
      ok(ctx, 'OnlineInvoices', [
        {
          OnlineInvoiceUrl: `https://in.xero.com/${invoice.id.replaceAll('-', '').slice(0, 20)}?sandbox=${tenantId}`,
        },
      ]);
    }),
  );
  const invoiceWrite = (mode: 'create' | 'upsert') =>
    api(deps, (ctx, tenantId) => {
      const elements = elementsOf(ctx.body, 'Invoices');
      const results = state.batch(
        () =>
          batchWrite(ctx, elements, (element) => {
            const existing =
              mode === 'upsert' ? findInvoiceForUpdate(state, tenantId, element, ctx.params.id) : undefined;
            if (mode === 'upsert' && ctx.params.id && !existing)
              return { ok: false, errors: ['Invoice could not be found'] };
            const r = writeInvoice(state, tenantId, element, existing);
            return r.ok ? { ok: true, json: invoiceJson(state, r.invoice, { withLines: true }) } : r;
          }),
        () => true,
      );
      ok(ctx, 'Invoices', results);
    });
  on('PUT', `${API}/Invoices`, invoiceWrite('create'));
  on('POST', `${API}/Invoices`, invoiceWrite('upsert'));
  on('POST', `${API}/Invoices/:id`, invoiceWrite('upsert'));

  // Contacts
  on(
    'GET',
    `${API}/Contacts`,
    api(deps, (ctx, tenantId) => {
      const q = parseListQuery(ctx);
      const ids = q.list('IDs');
      const includeArchived = ctx.url.searchParams.get('includeArchived') === 'true';
      const term = ctx.url.searchParams.get('searchTerm')?.toLowerCase();
      const records = state
        .contactsOf(tenantId)
        .filter(
          (c) =>
            (includeArchived || ids || c.status !== 'ARCHIVED') &&
            (!ids || ids.includes(c.id)) &&
            (!term ||
              [c.name, c.email, c.firstName, c.lastName].some((v) => v?.toLowerCase().includes(term))) &&
            (q.modifiedSince === undefined || c.updatedAt >= q.modifiedSince) &&
            (!q.where || q.where(contactJson(c))),
        );
      const { items, pagination } = orderAndPage(records, q, (c, f) => sortKey(contactJson(c), f));
      ok(ctx, 'Contacts', items.map(contactJson), pagination);
    }),
  );
  on(
    'GET',
    `${API}/Contacts/:id`,
    api(deps, (ctx, tenantId) => {
      const contact = findContactForUpdate(state, tenantId, {}, ctx.params.id);
      if (!contact) throw notFound();
      const today = new Date(deps.now()).toISOString().slice(0, 10);
      ok(ctx, 'Contacts', [{ ...contactJson(contact), Balances: contactBalances(state, contact, today) }]);
    }),
  );
  const contactWrite = (mode: 'create' | 'upsert') =>
    api(deps, (ctx, tenantId) => {
      const elements = elementsOf(ctx.body, 'Contacts');
      const results = state.batch(
        () =>
          batchWrite(ctx, elements, (element) => {
            const existing: ContactRecord | undefined =
              mode === 'upsert' ? findContactForUpdate(state, tenantId, element, ctx.params.id) : undefined;
            if (ctx.params.id && !existing) return { ok: false, errors: ['Contact could not be found'] };
            const r = writeContact(state, tenantId, element, existing);
            return r.ok ? { ok: true, json: contactJson(r.contact) } : r;
          }),
        () => true,
      );
      ok(ctx, 'Contacts', results);
    });
  on('PUT', `${API}/Contacts`, contactWrite('create'));
  on('POST', `${API}/Contacts`, contactWrite('upsert'));
  on('POST', `${API}/Contacts/:id`, contactWrite('upsert'));

  // Payments
  on(
    'GET',
    `${API}/Payments`,
    api(deps, (ctx, tenantId) => {
      const q = parseListQuery(ctx);
      const records = [...state.payments.values()].filter(
        (p) =>
          p.tenantId === tenantId &&
          (q.modifiedSince === undefined || p.updatedAt >= q.modifiedSince) &&
          (!q.where || q.where(paymentJson(state, p))),
      );
      const { items, pagination } = orderAndPage(records, q, (p, f) => sortKey(paymentJson(state, p), f));
      ok(
        ctx,
        'Payments',
        items.map((p) => paymentJson(state, p)),
        pagination,
      );
    }),
  );
  on(
    'GET',
    `${API}/Payments/:id`,
    api(deps, (ctx, tenantId) => {
      const payment = state.payments.get(ctx.params.id ?? '');
      if (!payment || payment.tenantId !== tenantId) throw notFound();
      ok(ctx, 'Payments', [paymentJson(state, payment)]);
    }),
  );
  const paymentCreate = api(deps, (ctx, tenantId) => {
    const elements = elementsOf(ctx.body, 'Payments');
    const results = state.batch(
      () =>
        batchWrite(ctx, elements, (e) => {
          const r = writePayment(state, tenantId, e);
          return r.ok ? { ok: true, json: paymentJson(state, r.payment) } : r;
        }),
      () => true,
    );
    ok(ctx, 'Payments', results);
  });
  on('PUT', `${API}/Payments`, paymentCreate);
  on('POST', `${API}/Payments`, paymentCreate);
  on(
    'POST',
    `${API}/Payments/:id`,
    api(deps, (ctx, tenantId) => {
      const payment = state.payments.get(ctx.params.id ?? '');
      if (!payment || payment.tenantId !== tenantId) throw notFound();
      const [element] = elementsOf(ctx.body, 'Payments');
      if (element?.Status !== 'DELETED')
        throw validationException([
          {
            PaymentID: payment.id,
            ValidationErrors: [{ Message: 'Only Status DELETED can be set on an existing payment' }],
          },
        ]);
      const r = deletePayment(state, payment);
      if (!r.ok)
        throw validationException([
          { PaymentID: payment.id, ValidationErrors: r.errors.map((Message) => ({ Message })) },
        ]);
      ok(ctx, 'Payments', [paymentJson(state, state.payments.get(payment.id) ?? payment)]);
    }),
  );

  // Credit notes
  on(
    'GET',
    `${API}/CreditNotes`,
    api(deps, (ctx, tenantId) => {
      const q = parseListQuery(ctx);
      const records = [...state.creditNotes.values()].filter(
        (n) =>
          n.tenantId === tenantId &&
          (q.modifiedSince === undefined || n.updatedAt >= q.modifiedSince) &&
          (!q.where || q.where(creditNoteJson(state, n))),
      );
      const { items, pagination } = orderAndPage(records, q, (n, f) => sortKey(creditNoteJson(state, n), f));
      ok(
        ctx,
        'CreditNotes',
        items.map((n) => creditNoteJson(state, n)),
        pagination,
      );
    }),
  );
  on(
    'GET',
    `${API}/CreditNotes/:id`,
    api(deps, (ctx, tenantId) => {
      const note = state.creditNotes.get(ctx.params.id ?? '');
      if (!note || note.tenantId !== tenantId) throw notFound();
      ok(ctx, 'CreditNotes', [creditNoteJson(state, note)]);
    }),
  );
  const creditNoteCreate = api(deps, (ctx, tenantId) => {
    const results = state.batch(
      () =>
        batchWrite(ctx, elementsOf(ctx.body, 'CreditNotes'), (e) => {
          const r = writeCreditNote(state, tenantId, e);
          return r.ok ? { ok: true, json: creditNoteJson(state, r.note) } : r;
        }),
      () => true,
    );
    ok(ctx, 'CreditNotes', results);
  });
  on('PUT', `${API}/CreditNotes`, creditNoteCreate);
  on('POST', `${API}/CreditNotes`, creditNoteCreate);
  on(
    'PUT',
    `${API}/CreditNotes/:id/Allocations`,
    api(deps, (ctx, tenantId) => {
      const note = state.creditNotes.get(ctx.params.id ?? '');
      if (!note || note.tenantId !== tenantId) throw notFound();
      const elements = elementsOf(ctx.body, 'Allocations');
      state.batch(
        () =>
          batchWrite(ctx, elements, (e) => {
            const current = state.creditNotes.get(note.id) ?? note;
            const r = allocateCreditNote(state, current, e);
            return r.ok ? { ok: true, json: e } : r;
          }),
        () => true,
      );
      const after = state.creditNotes.get(note.id) ?? note;
      ok(ctx, 'Allocations', creditNoteJson(state, after).Allocations.slice(-elements.length));
    }),
  );

  // Reference data and the organisation
  const reference = (path: string, key: string, items: unknown[]) =>
    on(
      'GET',
      `${API}/${path}`,
      api(deps, (ctx) => ok(ctx, key, items)),
    );
  reference('Currencies', 'Currencies', CURRENCIES);
  reference(
    'TaxRates',
    'TaxRates',
    TAX_RATES.map((t) => ({
      ...t,
      Status: 'ACTIVE',
      DisplayTaxRate: t.EffectiveRate,
      CanApplyToRevenue: true,
      TaxComponents: [{ Name: t.Name, Rate: t.EffectiveRate, IsCompound: false, IsNonRecoverable: false }],
    })),
  );
  reference(
    'Items',
    'Items',
    ITEMS.map((i) => ({ ...i, UpdatedDateUTC: msDate(Date.UTC(2024, 0, 1)) })),
  );
  reference(
    'Accounts',
    'Accounts',
    ACCOUNTS.map((a) => ({ ...a, Status: 'ACTIVE', UpdatedDateUTC: msDate(Date.UTC(2024, 0, 1)) })),
  );
  reference('TrackingCategories', 'TrackingCategories', TRACKING_CATEGORIES);
  on(
    'GET',
    `${API}/Organisation`,
    api(deps, (ctx, tenantId) => {
      const tenant = state.tenant(tenantId);
      ok(ctx, 'Organisations', [
        {
          OrganisationID: tenantId,
          Name: tenant?.name ?? '',
          LegalName: tenant?.name ?? '',
          BaseCurrency: tenant?.baseCurrency ?? 'USD',
          CountryCode: 'US',
          OrganisationType: 'COMPANY',
          OrganisationStatus: 'ACTIVE',
          IsDemoCompany: true,
          ShortCode: `!${tenantId.slice(0, 5)}`,
          Edition: 'BUSINESS',
          Class: 'PREMIUM',
          Version: 'GLOBAL',
          CreatedDateUTC: msDate(tenant?.createdAt ?? 0),
        },
      ]);
    }),
  );
}

function sortKey(json: Record<string, unknown>, field: string): unknown {
  const value =
    json[field] ?? Object.entries(json).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1];
  const ms = typeof value === 'string' ? /^\/Date\((-?\d+)/.exec(value) : null;
  return ms?.[1] ? Number(ms[1]) : typeof value === 'string' ? value.toLowerCase() : value;
}

export type { InvoiceRecord, ListQuery };
