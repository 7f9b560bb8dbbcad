import {
  Button,
  EmptyState,
  ErrorState,
  Heading,
  LoadingSpinner,
  Table,
  TableRow,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ReceivablesSection } from '../../src/app/settings/components/ReceivablesSection';
import type { ReceivablesView } from '../../src/app/settings/generated/receivables';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';

function setup() {
  const loads: Array<Deferred<ReceivablesView>> = [];
  const source = {
    load: () => {
      const answer = deferred<ReceivablesView>();
      loads.push(answer);
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const open = async (view: ReceivablesView) => {
    renderer.render(<ReceivablesSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.resolve(view);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const rows = () =>
    renderer
      .find(Table)
      .findAll(TableRow)
      .map((row) => row.childNodes.map((cell) => textOf(cell)));
  return { renderer, source, loads, open, rows };
}

const computed: ReceivablesView = {
  status: 'computed',
  asOf: '2026-11-20',
  computedAt: '2026-11-20T02:05:00.000Z',
  overdueInvoices: 3,
  figures: [
    {
      currency: 'GBP',
      current: 1200,
      days1to30: 300.5,
      days31to60: 0,
      days61to90: 80,
      over90: 15000,
      outstanding: 16580.5,
      creditSales90: 9000,
      daysSalesOutstanding: 165.8,
    },
    {
      currency: 'USD',
      current: 50,
      days1to30: 0,
      days31to60: 0,
      days61to90: 0,
      over90: 0,
      outstanding: 50,
      creditSales90: 0,
      daysSalesOutstanding: null,
    },
  ],
};

describe('receivables section', () => {
  it('shows a spinner while loading', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<ReceivablesSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the receivables…');
    expect(renderer.maybeFind(Table)).toBeNull();
  });

  it('the newest figures: as-of date, overdue count, one row per currency with buckets and DSO', async () => {
    const { renderer, open, rows } = setup();
    await open(computed);
    expect(textOf(renderer.find(Heading))).toBe('Receivables as of 20 Nov 2026');
    const text = textOf(renderer.getRootNode());
    expect(text).toContain('Computed 20 Nov 2026, 02:05 UTC.');
    expect(text).toContain('Overdue invoices: 3.');
    expect(rows()).toEqual([
      [
        'Currency',
        'Current',
        '1–30 days',
        '31–60 days',
        '61–90 days',
        '90+ days',
        'Outstanding',
        'DSO (days)',
      ],
      ['GBP', '1,200.00', '300.50', '0.00', '80.00', '15,000.00', '16,580.50', '165.8'],
      // No credit sales in 90 days: no DSO, never a made-up number.
      ['USD', '50.00', '0.00', '0.00', '0.00', '0.00', '50.00', '—'],
    ]);
  });

  it('before the first nightly run: an empty state with the worker’s message, no table', async () => {
    const { renderer, open } = setup();
    await open({ status: 'never_computed', message: 'The nightly receivables run has not run yet.' });
    expect(renderer.find(EmptyState).props.title).toBe('No receivables figures yet');
    expect(textOf(renderer.find(EmptyState))).toBe('The nightly receivables run has not run yet.');
    expect(renderer.maybeFind(Table)).toBeNull();
  });

  it('nothing owed in any currency: says so instead of an empty table', async () => {
    const { renderer, open } = setup();
    await open({ ...computed, overdueInvoices: 0, figures: [] });
    expect(textOf(renderer.getRootNode())).toContain('Nothing is owed: no open sales invoices.');
    expect(renderer.maybeFind(Table)).toBeNull();
  });

  it('a failed load shows the reason and loads again on "Try again"', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<ReceivablesSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.reject(new Error('Ledgerbridge could not be reached. Try again in a moment.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(renderer.find(ErrorState))).toContain('Ledgerbridge could not be reached.');
    renderer.find(Button).trigger('onClick');
    await eventually(() => expect(loads).toHaveLength(2));
    loads[1]!.resolve(computed);
    await eventually(() => expect(renderer.maybeFind(Table)).not.toBeNull());
  });
});
