import { startAuditSheetHarness, invoiceWriteRow, type AuditSheetHarness } from './auditSheetHarness';
import { randomBytes } from 'node:crypto';
import { auditSheetDepsFrom } from '../../../worker/auditSheet/auditSheetDeps';
import { drainAuditSheetBatch } from '../../../worker/auditSheet/drainAuditSheetBatch';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { STORE_KINDS } from '../../support/stores';

describe.each(STORE_KINDS)('audit sheet outbox and one drain step (%s)', (kind) => {
  let h: AuditSheetHarness;
  beforeEach(async () => {
    h = await startAuditSheetHarness({ store: kind });
  });
  afterEach(async () => h.close());

  it('queues only succeeded invoice writes that name a CRM record, of installations with a sheet', async () => {
    const wanted = await h.deps.audit.record(invoiceWriteRow(h, 1));
    await h.deps.audit.record({ ...invoiceWriteRow(h, 2), outcome: 'skipped' });
    await h.deps.audit.record({
      action: 'link_account',
      outcome: 'succeeded',
      actor: 'worker',
      subject: { xeroTenantId: h.xeroTenantId },
    });
    await h.deps.audit.record({
      ...invoiceWriteRow(h, 3),
      subject: { ...invoiceWriteRow(h, 3).subject, xeroTenantId: 'other', crmConnectionId: 'other' },
    });
    const pending = await h.deps.outbox.pending(h.installationId, 10);
    expect(pending.map((p) => p.audit.id)).toEqual([wanted]);
  });

  it('reads column A before re-sending a batch whose answer was lost, and writes each row once', async () => {
    const ids = [];
    for (let n = 0; n < 5; n++) ids.push(await h.deps.audit.record(invoiceWriteRow(h, n)));
    h.emulator.faults.add({ kind: 'drop', method: 'POST', pathPrefix: '/v4/', afterHandler: true, count: 1 });
    const lost = await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 3 });
    expect(lost.kind).toBe('unknown');
    expect(h.columnA()).toEqual(ids.slice(0, 3));
    const again = await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 3 });
    expect(again).toEqual({ kind: 'sent', rows: 0, alreadyThere: 3, more: true });
    const rest = await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 3 });
    expect(rest).toMatchObject({ kind: 'sent', rows: 2 });
    expect(h.columnA()).toEqual(ids);
    expect(await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 3 })).toEqual({
      kind: 'idle',
    });
  });

  it('leaves the rows queued on a 429, with no read needed before the next try', async () => {
    const id = await h.deps.audit.record(invoiceWriteRow(h, 1));
    h.emulator.faults.add({
      kind: 'rate_limit',
      method: 'POST',
      pathPrefix: '/v4/',
      retryAfterSeconds: 7,
      count: 1,
    });
    expect(await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 10 })).toEqual({
      kind: 'throttled',
      retryAfterMs: 7_000,
    });
    expect((await h.deps.outbox.pending(h.installationId, 10)).map((p) => [p.audit.id, p.attempted])).toEqual(
      [[id, false]],
    );
    await drainAuditSheetBatch(h.deps, { installationId: h.installationId, batchSize: 10 });
    expect(h.columnA()).toEqual([id]);
    expect(h.server.requests().filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('never sends a sandbox key to Google: a live drain is refused before any call, and audits it', async () => {
    await h.deps.audit.record(invoiceWriteRow(h, 1));
    const box = new SecretBox(parseKeyring(`t:${randomBytes(32).toString('base64')}`));
    const { apiFor } = auditSheetDepsFrom({
      db: h.store.db,
      audit: h.deps.audit,
      box,
      endpoints: { mode: 'live' },
    });
    const outcome = await drainAuditSheetBatch(
      { ...h.deps, apiFor },
      { installationId: h.installationId, batchSize: 5 },
    );
    expect(outcome).toEqual({
      kind: 'refused',
      message: expect.stringMatching(/sandbox service account/) as unknown,
    });
    expect(await h.deps.outbox.countPending(h.installationId)).toBe(1);
    const refused = await h.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'audit_sheet_refused')
      .execute();
    expect(refused).toHaveLength(1);
  });
});
