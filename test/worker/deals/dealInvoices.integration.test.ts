import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { DealInvoices } from '../../../worker/sync/dealInvoices';
import { migrate, MIGRATIONS_DIR } from '../../../worker/store/migrations';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

const deal = { crm: 'hubspot', crmAccount: '606060', dealId: '4242' };

describe('DealInvoices: the deal → invoice intent', () => {
  let store: Store;
  let links: DealInvoices;
  beforeEach(async () => {
    store = await createTestStore('pglite');
    links = new DealInvoices(store.db);
  });
  afterEach(() => store.close());

  it('keeps one intent per deal, begun before Xero is asked, and links its invoice', async () => {
    const begun = await links.begin(deal, 'tenant-a');
    expect(begun).toMatchObject({
      ...deal,
      xeroTenantId: 'tenant-a',
      xeroInvoiceId: null,
      replacesInvoiceId: null,
    });
    expect(begun.intent).toEqual({
      intentId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{12}$/),
      generation: 1,
    });
    // Begun again (a retry, another run, another organisation since): the same intent.
    const again = await links.begin(deal, 'tenant-b');
    expect(again.intent).toEqual(begun.intent);
    expect(again.xeroTenantId).toBe('tenant-b');
    expect((await links.begin({ ...deal, dealId: '4343' }, 'tenant-b')).intent.intentId).not.toBe(
      begun.intent.intentId,
    );

    expect(
      await links.recordInvoice(deal, begun.intent, {
        xeroTenantId: 'tenant-b',
        xeroInvoiceId: 'inv-1',
        idempotencyKey: 'key-1',
      }),
    ).toBe(true);
    expect(await links.find(deal)).toMatchObject({ xeroInvoiceId: 'inv-1', intent: begun.intent });
    expect((await links.byInvoice('tenant-b', 'inv-1'))?.dealId).toBe('4242');
    // A linked intent keeps its organisation.
    expect((await links.begin(deal, 'tenant-c')).xeroTenantId).toBe('tenant-b');
  });

  it('moves to the next generation for a reissue, repeatably, and refuses links for a generation gone by', async () => {
    const { intent } = await links.begin(deal, 'tenant-a');
    await links.recordInvoice(deal, intent, {
      xeroTenantId: 'tenant-a',
      xeroInvoiceId: 'inv-1',
      idempotencyKey: 'k',
    });
    const next = await links.startReissue(deal, intent, 'inv-1');
    expect(next).toMatchObject({
      intent: { intentId: intent.intentId, generation: 2 },
      xeroInvoiceId: null,
      replacesInvoiceId: 'inv-1',
    });
    // The same step again (an activity retried after its answer was lost) finds it done.
    expect((await links.startReissue(deal, intent, 'inv-1')).intent).toEqual(next.intent);
    await expect(links.startReissue(deal, intent, 'inv-9')).rejects.toThrow(/not at generation 1 of inv-9/);
    // A late link for generation 1 changes nothing.
    expect(
      await links.recordInvoice(deal, intent, {
        xeroTenantId: 'tenant-a',
        xeroInvoiceId: 'inv-x',
        idempotencyKey: 'k',
      }),
    ).toBe(false);
    expect(
      await links.recordInvoice(deal, next.intent, {
        xeroTenantId: 'tenant-a',
        xeroInvoiceId: 'inv-2',
        idempotencyKey: null,
      }),
    ).toBe(true);
    expect(await links.find(deal)).toMatchObject({ xeroInvoiceId: 'inv-2', replacesInvoiceId: null });
    expect(await links.byInvoice('tenant-a', 'inv-1')).toBeUndefined();
  });
});

describe('migration 0019', () => {
  it('gives links made before intents an intent of their own', async () => {
    const store = await createTestStore('pglite', { migrate: false });
    const before = await mkdtemp(path.join(tmpdir(), 'lb-migrations-'));
    try {
      for (const file of await readdir(MIGRATIONS_DIR))
        if (file < '0019') await cp(path.join(MIGRATIONS_DIR, file), path.join(before, file));
      await migrate(store.db, before);
      // The row as 0007 knew it: no intent yet.
      await sql`insert into deal_invoices (crm, crm_account, deal_id, xero_tenant_id, xero_invoice_id, idempotency_key)
        values ('salesforce', '00D000000000001', '006000000000001AAA', 'tenant-a', 'inv-old', 'key-v1')`.execute(
        store.db,
      );
      expect(await migrate(store.db)).toContain(19);
      const link = await new DealInvoices(store.db).find({
        crm: 'salesforce',
        crmAccount: '00D000000000001',
        dealId: '006000000000001AAA',
      });
      expect(link).toMatchObject({
        xeroInvoiceId: 'inv-old',
        replacesInvoiceId: null,
        intent: { intentId: expect.stringMatching(/^[0-9A-F]{12}$/), generation: 1 },
      });
    } finally {
      await rm(before, { recursive: true, force: true });
      await store.close();
    }
  });
});
