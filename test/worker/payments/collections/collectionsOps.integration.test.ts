import { randomUUID } from 'node:crypto';
import { addDays } from '../../../../workflows/domain/stripe/calendarDates';
import {
  collectionStateQuery,
  collectionWorkflow,
  collectionWorkflowId,
} from '../../../../workflows/stripe/collection';
import { collectionDecisionCommand, receivablesCommand } from '../../../../worker/cli/ops/collections';
import type { OpsContext } from '../../../../worker/cli/ops/opsContext';
import { parseOpsArgs } from '../../../../worker/cli/ops/parseOpsArgs';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import type { Store } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';
import {
  plantedInvoice,
  START,
  startCollectionHarness,
  TENANT,
  type CollectionHarness,
} from './collectionHarness';

jest.setTimeout(60_000);

const TODAY = START.toISOString().slice(0, 10);
const INVOICE = randomUUID();

describe('parsing', () => {
  it('reads receivables and collection decisions, and names what is wrong', () => {
    expect(parseOpsArgs(['receivables', 'acme'])).toEqual({ name: 'receivables', installation: 'acme' });
    expect(
      parseOpsArgs([
        'collection',
        'snooze',
        INVOICE,
        '--installation',
        'acme',
        '--until',
        '2031-04-01',
        '--reason',
        'promised',
      ]),
    ).toEqual({
      name: 'collection',
      kind: 'snooze',
      xeroInvoiceId: INVOICE,
      installation: 'acme',
      until: '2031-04-01',
      reason: 'promised',
    });
    expect(() =>
      parseOpsArgs(['collection', 'snooze', INVOICE, '--installation', 'acme', '--reason', 'promised']),
    ).toThrow(/snooze needs --until/);
    expect(() =>
      parseOpsArgs(['collection', 'stop', 'INV-1', '--installation', 'acme', '--reason', 'x y z']),
    ).toThrow(/Xero invoice/);
    expect(() => parseOpsArgs(['collection', 'stop', INVOICE, '--installation', 'acme'])).toThrow(/--reason/);
    expect(() =>
      parseOpsArgs(['collection', 'pause', INVOICE, '--installation', 'acme', '--reason', 'x y z']),
    ).toThrow(/stop or snooze/);
    expect(() => parseOpsArgs(['receivables'])).toThrow(/installation slug/);
  });
});

describe('commands', () => {
  let store: Store;
  let h: CollectionHarness;
  let installationId: string;
  let out: string[];
  let ctx: OpsContext;
  beforeAll(async () => {
    store = await createTestStore('pglite');
    installationId = (await new InstallationStore(store.db).ensure({ slug: 'ops-co' })).id;
    h = await startCollectionHarness({ store, installationId });
    out = [];
    ctx = {
      client: () => Promise.resolve(h.client),
      db: () => Promise.resolve(store.db),
      taskQueue: h.taskQueue,
      write: (text) => out.push(text),
    };
  });
  afterAll(async () => {
    await h.close();
    await store.close();
  });

  it('snoozes then stops a running collection, each decision audited', async () => {
    const invoice = plantedInvoice({ xeroInvoiceId: INVOICE, dueDate: addDays(TODAY, -1) });
    h.invoices.set(invoice.xeroInvoiceId, invoice);
    const handle = await h.client.workflow.start(collectionWorkflow, {
      workflowId: collectionWorkflowId(installationId, INVOICE),
      taskQueue: h.taskQueue,
      args: [{ installationId, xeroTenantId: TENANT, xeroInvoiceId: INVOICE, recheckEveryMs: 200 }],
    });
    const until = addDays(TODAY, 10);
    await collectionDecisionCommand(
      ctx,
      {
        name: 'collection',
        kind: 'snooze',
        xeroInvoiceId: INVOICE,
        installation: 'ops-co',
        until,
        reason: 'promised',
      },
      'ops-cli:ana',
    );
    await expect(handle.query(collectionStateQuery)).resolves.toMatchObject({
      decision: { kind: 'snooze', until, by: 'ops-cli:ana' },
    });
    await collectionDecisionCommand(
      ctx,
      {
        name: 'collection',
        kind: 'stop',
        xeroInvoiceId: INVOICE,
        installation: 'ops-co',
        until: undefined,
        reason: 'disputed',
      },
      'ops-cli:ana',
    );
    await expect(handle.result()).resolves.toMatchObject({ stopped: 'person_decided' });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'detail'])
      .where('action', 'like', 'collection.%')
      .orderBy('occurred_at')
      .execute();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['collection.snooze', 'ops-cli:ana'],
      ['collection.stop', 'ops-cli:ana'],
    ]);
    await expect(
      collectionDecisionCommand(ctx, {
        name: 'collection',
        kind: 'stop',
        xeroInvoiceId: randomUUID(),
        installation: 'ops-co',
        until: undefined,
        reason: 'x y z',
      }),
    ).rejects.toThrow(/no collection for Xero invoice/);
  });

  it('prints the newest nightly snapshot per currency', async () => {
    await receivablesCommand(ctx, { name: 'receivables', installation: 'ops-co' });
    expect(out.join('')).toMatch(/No nightly receivables for ops-co yet/);
    out.length = 0;
    const figures = [
      {
        currency: 'GBP',
        current: 100,
        days1to30: 50,
        days31to60: 0,
        days61to90: 0,
        over90: 20,
        outstanding: 170,
        creditSales90: 300,
        daysSalesOutstanding: 51,
      },
    ];
    for (const [asOf, overdue] of [
      [addDays(TODAY, -1), 9],
      [TODAY, 2],
    ] as const)
      await store.db
        .insertInto('receivables_snapshots')
        .values({
          installation_id: installationId,
          as_of: asOf,
          figures: JSON.stringify(figures),
          overdue_invoices: overdue,
          accounts_written: 4,
        })
        .execute();
    await receivablesCommand(ctx, { name: 'receivables', installation: 'ops-co' });
    const text = out.join('');
    expect(text).toContain(`as of ${TODAY}: 2 overdue invoices`);
    expect(text).toMatch(/GBP\s+100\.00\s+50\.00\s+0\.00\s+0\.00\s+20\.00\s+170\.00\s+300\.00\s+51/);
  });
});
