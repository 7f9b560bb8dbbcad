import {
  Button,
  DescriptionListItem,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  StatisticsTrend,
  StatusTag,
  Table,
  TableRow,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { SyncHealthSection } from '../../src/app/settings/components/SyncHealthSection';
import type { SyncHealth } from '../../src/app/settings/generated/syncHealth';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { checkedHealth, connections, finding, parityRun } from '../support/healthFactories';
import { textOf } from '../support/textOf';

function setup() {
  const loads: Array<Deferred<SyncHealth>> = [];
  const source = {
    load: () => {
      const answer = deferred<SyncHealth>();
      loads.push(answer);
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const open = async (health: SyncHealth) => {
    renderer.render(<SyncHealthSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.resolve(health);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  /** Each row of the nth table as the cells' text. */
  const rowsOf = (nth: number) => {
    const table = renderer.findAll(Table)[nth]!;
    return table.findAll(TableRow).map((row) => row.childNodes.map((cell) => textOf(cell)));
  };
  return { renderer, source, loads, open, rowsOf };
}

describe('sync health section', () => {
  it('shows a spinner while loading', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<SyncHealthSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the sync health…');
    expect(renderer.maybeFind(Table)).toBeNull();
  });

  it('before any parity check: says none has run, and still shows the connections', async () => {
    const { renderer, open } = setup();
    await open({
      status: 'never_checked',
      connections: connections(),
      recentFailures: [],
      message: 'No parity check has run yet. The scheduled check compares every invoice.',
    });
    expect(renderer.find(EmptyState).props.title).toBe('No parity check has run yet');
    expect(textOf(renderer.find(EmptyState))).toContain('The scheduled check compares every invoice.');
    expect(renderer.findAll(StatusTag).map((tag) => textOf(tag))).toEqual([
      'Connected',
      'Needs reconnecting',
    ]);
    expect(renderer.findAll(DescriptionListItem).map((item) => item.props.label)).toEqual([
      'HubSpot: Adatum portal',
      'Xero: Adatum Ltd',
    ]);
    const text = textOf(renderer.getRootNode());
    expect(text).toContain('Last refresh failed: invalid_grant: the grant was revoked');
    expect(text).toContain('No failed syncs in the last 24 hours.');
    expect(renderer.maybeFind(Table)).toBeNull();
  });

  it('with no Xero organisation: the worker’s reason, under a title that is not "never run"', async () => {
    const { renderer, open } = setup();
    await open({
      status: 'no_xero_connection',
      connections: connections().slice(0, 1),
      recentFailures: [],
      message: 'No Xero organisation is connected (npm run connect -- xero).',
    });
    expect(renderer.find(EmptyState).props.title).toBe('No parity check to show');
    expect(textOf(renderer.find(EmptyState))).toBe(
      'No Xero organisation is connected (npm run connect -- xero).',
    );
  });

  it('shows why it could not load, and tries again', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<SyncHealthSection source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.reject(new Error('This HubSpot account is not connected to Ledgerbridge.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).props.title).toBe('The sync health could not be loaded');
    expect(textOf(renderer.find(ErrorState))).toContain(
      'This HubSpot account is not connected to Ledgerbridge.',
    );
    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(loads).toHaveLength(2));
  });

  it('lists the runs newest first with their trend and kinds, then the newest run’s findings', async () => {
    const { renderer, open, rowsOf } = setup();
    await open(checkedHealth());
    expect(rowsOf(0)).toEqual([
      ['When', 'Action', 'Error'],
      ['20 Nov 2026, 13:00 UTC', 'upsert_deal', 'HubSpot answered 502'],
    ]);
    expect(rowsOf(1)).toEqual([
      ['Finished', 'Pairs compared', 'Findings', 'Trend', 'By kind'],
      ['20 Nov 2026, 14:05 UTC', '1,200', '3', '▼ 2 fewer', '2 Values differ, 1 Missing in HubSpot'],
      ['19 Nov 2026, 14:05 UTC', '1,200', '5', '—', '5 Values differCutover: Xero → HubSpot 9/10 agree'],
    ]);
    expect(rowsOf(2)).toEqual([
      ['Kind', 'Record', 'Xero value', 'HubSpot value'],
      [
        'Values differ',
        'INV-0042 · totalINV-0042: total is 500.00 in Xero and 450.00 in HubSpot',
        '500.00',
        '450.00',
      ],
      [
        'Values differ',
        'INV-0043 · statusINV-0042: total is 500.00 in Xero and 450.00 in HubSpot',
        'PAID',
        'AUTHORISED',
      ],
      ['Missing in HubSpot', 'INV-0099INV-0099 is not in HubSpot', '—', '—'],
    ]);
    expect(renderer.find(StatisticsTrend).props).toMatchObject({
      value: '2',
      direction: 'decrease',
      color: 'green',
    });
    expect(textOf(renderer.getRootNode())).toContain('3 findings in the newest check.');
    expect(renderer.maybeFind(EmptyState)).toBeNull();
  });

  it('says when it shows only part of the findings, and how to get them all', async () => {
    const { renderer, open } = setup();
    await open(
      checkedHealth({
        runs: [parityRun({ findings: 250 }), parityRun({ runId: 'run-1', findings: 240 })],
        newestFindings: { runId: 'run-2', total: 250, rows: Array.from({ length: 200 }, () => finding()) },
      }),
    );
    expect(textOf(renderer.getRootNode())).toContain(
      'Showing 200 of 250 findings. All of them: npm run parity -- export run-2',
    );
    expect(renderer.find(StatisticsTrend).props).toMatchObject({ direction: 'increase', color: 'red' });
  });

  it('a clean newest check says so instead of an empty table', async () => {
    const { renderer, open } = setup();
    await open(
      checkedHealth({
        runs: [parityRun({ findings: 0, byKind: {} })],
        newestFindings: { runId: 'run-2', total: 0, rows: [] },
      }),
    );
    expect(textOf(renderer.getRootNode())).toContain('The newest parity check found no differences.');
    expect(renderer.findAll(Table)).toHaveLength(2);
    expect(renderer.maybeFind(StatisticsTrend)).toBeNull();
  });
});
