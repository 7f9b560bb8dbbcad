import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { AuditLog, type AuditEntry } from '../../../worker/audit/auditLog';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/** Counts the INSERT statements that reach the store. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'InsertQueryNode') this.inserts++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe('AuditLog', () => {
  let store: Store;
  let counter: InsertCounter;
  let audit: AuditLog;
  beforeEach(async () => {
    store = await createTestStore('pglite');
    counter = new InsertCounter();
    audit = new AuditLog(store.db.withPlugin(counter));
  });
  afterEach(() => store.close());

  const entry = (action: string, outcome: AuditEntry['outcome'] = 'succeeded'): AuditEntry => ({
    action,
    outcome,
    actor: 'worker',
    workflowId: 'wf-1',
    subject: { xeroInvoiceId: 'inv-1' },
  });
  const actions = async () =>
    (await store.db.selectFrom('audit_log').select('action').orderBy('action').execute()).map(
      (r) => r.action,
    );

  it('stores rows recorded together in one insert, each caller getting its own row ID', async () => {
    const ids = await Promise.all([entry('a'), entry('b'), entry('c')].map((e) => audit.record(e)));
    expect(new Set(ids).size).toBe(3);
    expect(counter.inserts).toBe(1);
    expect(await actions()).toEqual(['a', 'b', 'c']);
    // One after the other, each waits for its own insert.
    await audit.record(entry('d'));
    await audit.record(entry('e'));
    expect(counter.inserts).toBe(3);
  });

  it('a row the store refuses fails alone; its neighbours are stored', async () => {
    const results = await Promise.allSettled([
      audit.record(entry('good-1')),
      audit.record(entry('bad', 'exploded' as AuditEntry['outcome'])),
      audit.record(entry('good-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await actions()).toEqual(['good-1', 'good-2']);
  });
});
