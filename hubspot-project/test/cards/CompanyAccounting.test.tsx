import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Link,
  LoadingSpinner,
  StatisticsItem,
  StatusTag,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyAccounting } from '../../src/app/cards/components/CompanyAccounting';
import type { CompanyCard } from '../../src/app/cards/generated/cardData';
import { WorkerError, type CompanyCardPages } from '../../src/app/cards/lib/workerClient';
import { companyCard } from '../support/cardFactories';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';
import { accessibilityProblems } from '../support/accessibility';

/** Each test's renderer, checked for accessibility in the state the test leaves it in. */
let rendered: ReturnType<typeof createRenderer> | undefined;
afterEach(() => {
  const renderer = rendered;
  rendered = undefined;
  if (renderer) expect(accessibilityProblems(renderer)).toEqual([]);
});

function setup() {
  const calls: Array<{ companyId: string; pages?: CompanyCardPages; answer: Deferred<CompanyCard> }> = [];
  const source = {
    companyCard: (companyId: string, pages?: CompanyCardPages) => {
      const answer = deferred<CompanyCard>();
      calls.push({ companyId, ...(pages ? { pages } : {}), answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('crm.record.tab');
  rendered = renderer;
  /** Renders the card and waits for its request to the worker. */
  const open = async (companyId = '1001') => {
    const before = calls.length;
    renderer.render(<CompanyAccounting companyId={companyId} source={source} />);
    await eventually(() => expect(calls.length).toBe(before + 1));
    return calls[calls.length - 1]!.answer;
  };
  return { calls, source, renderer, open };
}

describe('company accounting card', () => {
  it('shows a spinner while the worker answers', async () => {
    const { renderer, calls, open } = setup();
    await open();
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading accounting from Xero…');
    expect(calls.map((c) => c.companyId)).toEqual(['1001']);
  });

  it('shows balances, invoices with their Xero links and overdue state, payments and the last sync', async () => {
    const { renderer, open } = setup();
    (await open()).resolve(companyCard());
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());

    const stats = renderer.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number]);
    expect(stats).toEqual([
      ['Outstanding balance', 'NZD 1,234.50'],
      ['Overdue', 'NZD 200.00'],
    ]);
    const rows = renderer.findAll(TableRow).map((r) => textOf(r));
    expect(rows).toEqual([
      'NumberStatusDue dateAmount due',
      'INV-0042OVERDUE15 Oct 2026USD 200.00',
      'INV-0043PAID1 Dec 2026EUR 0.00',
      'DateInvoiceReferenceAmount',
      '2 Nov 2026INV-0043Wire 7731EUR 1,034.50',
    ]);
    const link = renderer.find(Link, (l) => textOf(l) === 'INV-0042');
    expect(link.props.href).toEqual({ url: companyCard().invoices[0]!.xeroUrl, external: true });
    expect(renderer.find(StatusTag, (t) => textOf(t) === 'OVERDUE').props.variant).toBe('danger');
    expect(textOf(renderer.find(Text, (t) => textOf(t).startsWith('Last sync')))).toBe(
      'Last sync: 3 Nov 2026, 09:15 UTC (company linked to its Xero contact, succeeded)',
    );
    expect(renderer.maybeFind(Alert)).toBeNull();
  });

  it('says so when Xero has no invoices or payments for the company', async () => {
    const { renderer, open } = setup();
    (await open()).resolve(
      companyCard({ invoices: [], payments: [], outstandingBalance: 0, overdueAmount: 0 }),
    );
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    const texts = renderer.findAll(Text).map((t) => textOf(t));
    expect(texts).toContain('No invoices in Xero for this company.');
    expect(texts).toContain('No payments in Xero for this company.');
    expect(renderer.maybeFind(TableRow)).toBeNull();
  });

  it('explains a company not linked to Xero yet instead of showing empty figures', async () => {
    const { renderer, open } = setup();
    (await open()).resolve(
      companyCard({
        xero: 'not_linked',
        xeroContactId: null,
        outstandingBalance: null,
        invoices: [],
        payments: [],
        lastSync: null,
      }),
    );
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(renderer.find(EmptyState).props.title).toBe('Not linked to Xero yet');
    expect(renderer.maybeFind(StatisticsItem)).toBeNull();
    expect(renderer.find(Text, (t) => textOf(t) === 'Not synced yet.')).toBeTruthy();
  });

  it('shows each standing problem, and Xero being unreachable, as an alert', async () => {
    const { renderer, open } = setup();
    (await open()).resolve(
      companyCard({
        xero: 'unavailable',
        invoices: [],
        payments: [],
        problems: ['Invoices and payments could not be read from Xero just now; try again shortly.'],
      }),
    );
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    const alert = renderer.find(Alert);
    expect(alert.props.title).toBe('Needs attention');
    expect(textOf(alert)).toBe(
      'Invoices and payments could not be read from Xero just now; try again shortly.',
    );
  });

  it('shows the worker’s refusal and loads again on "Try again"', async () => {
    const { renderer, calls, open } = setup();
    (await open()).reject(
      new WorkerError('This HubSpot account is not connected to Ledgerbridge.', 403, 'portal_not_connected'),
    );
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).props.title).toBe('Accounting could not be loaded');
    expect(textOf(renderer.find(ErrorState))).toContain(
      'This HubSpot account is not connected to Ledgerbridge.',
    );

    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(calls).toHaveLength(2));
    expect(renderer.maybeFind(LoadingSpinner)).not.toBeNull();
    calls[1]!.answer.resolve(companyCard());
    await eventually(() => expect(renderer.findAll(StatisticsItem)).toHaveLength(2));
  });

  it('ignores an answer for a company the card no longer shows', async () => {
    const { renderer, calls, open } = setup();
    await open('1001');
    await open('1002');
    expect(calls.map((c) => c.companyId)).toEqual(['1001', '1002']);
    calls[1]!.answer.resolve(companyCard({ companyId: '1002', outstandingBalance: 99 }));
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    calls[0]!.answer.resolve(companyCard({ companyId: '1001', outstandingBalance: 1 }));
    await new Promise((r) => setTimeout(r, 20));
    expect(renderer.find(StatisticsItem, { label: 'Outstanding balance' }).props.number).toBe('NZD 99.00');
  });

  it('says which currency the balances are in, and that it is unknown when Xero was not read', async () => {
    const { renderer, open } = setup();
    (await open()).resolve(companyCard({ balanceCurrency: null, xero: 'unavailable' }));
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(renderer.find(StatisticsItem, { label: 'Overdue' }).props.number).toBe(
      '(currency unknown) 200.00',
    );
    // Every amount in the tables carries its own currency.
    const rows = renderer.findAll(TableRow).map((r) => textOf(r));
    expect(rows.some((r) => r.includes('USD 200.00'))).toBe(true);
    expect(rows.some((r) => r.includes('EUR 1,034.50'))).toBe(true);
  });

  it('pages: "Showing newest 25 of N", then the next page on "Show more"', async () => {
    const { renderer, calls, open } = setup();
    const invoices = Array.from({ length: 25 }, (_, i) => ({
      ...companyCard().invoices[0]!,
      xeroInvoiceId: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`,
      number: `INV-${1000 + i}`,
    }));
    (await open()).resolve(companyCard({ invoices, invoicesPage: { page: 1, pageSize: 25, total: 60 } }));
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(renderer.find(Text, (t) => textOf(t) === 'Showing newest 25 of 60 invoices')).toBeTruthy();
    expect(renderer.find(Button, (b) => textOf(b) === 'Newer invoices').props.disabled).toBe(true);
    // One payment of one: no pager at all.
    expect(renderer.maybeFind(Button, (b) => textOf(b) === 'Show more payments')).toBeNull();

    renderer.find(Button, (b) => textOf(b) === 'Show more invoices').trigger('onClick');
    await eventually(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.pages).toEqual({ invoicesPage: 2, paymentsPage: 1 });
    calls[1]!.answer.resolve(
      companyCard({ invoices: invoices.slice(0, 10), invoicesPage: { page: 2, pageSize: 25, total: 35 } }),
    );
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
    expect(renderer.find(Text, (t) => textOf(t) === 'Showing invoices 26–35 of 35')).toBeTruthy();
    expect(renderer.find(Button, (b) => textOf(b) === 'Show more invoices').props.disabled).toBe(true);
    expect(renderer.find(Button, (b) => textOf(b) === 'Newer invoices').props.disabled).toBe(false);
  });

  it('busy (HubSpot or Xero asked us to slow down): a warning to try again, not an error', async () => {
    const { renderer, calls, open } = setup();
    (await open()).reject(new WorkerError('hubspot asked us to slow down; try again in 10 s.', 429, 'busy'));
    await eventually(() => expect(renderer.maybeFind(Alert)).not.toBeNull());
    const alert = renderer.find(Alert);
    expect(alert.props.title).toBe('Busy: try again in a few seconds');
    expect(alert.props.variant).toBe('warning');
    expect(renderer.maybeFind(ErrorState)).toBeNull();
    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(calls).toHaveLength(2));
  });
});
