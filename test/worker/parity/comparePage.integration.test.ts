import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { mappingSettingsSchema, type MappingSettings } from '../../../workflows/domain/mappingSettings';
import {
  compareContactGroup,
  compareInvoiceGroup,
  compareUnlinkedDeal,
} from '../../../workflows/domain/parity/compareParity';
import type {
  CrmAccountFacts,
  CrmDealFacts,
  ParityFinding,
  XeroContactFacts,
  XeroInvoiceFacts,
} from '../../../workflows/domain/parity/parityFacts';
import { compareStart, compareStep, type CompareCursor } from '../../../worker/parity/compareRun';
import { ParityStore } from '../../../worker/parity/parityStore';
import { settledPair } from '../../../worker/parity/settledPairs';
import type { Store } from '../../../worker/store/store';
import { createTestStore, STORE_KINDS } from '../../support/stores';
import { snapshotArbitrary, type SnapshotInput } from './paritySnapshotArbitraries';

const WON_SINCE = '2020-01-01';

/** The domain compare run over the whole snapshot at once, in memory: what the paged compare must find. */
function expected(
  records: SnapshotInput[],
  settings: MappingSettings,
): { findings: string[]; pairs: number } {
  const findings: ParityFinding[] = [];
  let pairs = 0;
  for (const entity of ['invoice', 'contact'] as const) {
    const keys = new Map<string, SnapshotInput[]>();
    for (const r of records.filter((r) => r.entity === entity && r.matchKey !== ''))
      keys.set(r.matchKey, [...(keys.get(r.matchKey) ?? []), r]);
    for (const group of keys.values()) {
      const xero = group.find((r) => r.side === 'xero')?.facts;
      const crm = group.filter((r) => r.side === 'crm').map((r) => r.facts);
      if (xero && crm.length > 0) pairs++;
      findings.push(
        ...(entity === 'invoice'
          ? compareInvoiceGroup(
              { ...(xero ? { xero: xero as XeroInvoiceFacts } : {}), crm: crm as CrmDealFacts[] },
              { settings },
            )
          : compareContactGroup(
              { ...(xero ? { xero: xero as XeroContactFacts } : {}), crm: crm as CrmAccountFacts[] },
              { settings },
            )),
      );
    }
  }
  for (const r of records.filter((r) => r.entity === 'invoice' && r.matchKey === ''))
    findings.push(...compareUnlinkedDeal(r.facts as CrmDealFacts, WON_SINCE));
  return { findings: findings.map((f) => JSON.stringify(f)).sort(), pairs };
}

describe.each(STORE_KINDS)('paged parity compare on %s', (kind) => {
  let store: Store;
  let parity: ParityStore;
  beforeAll(async () => {
    store = await createTestStore(kind);
    parity = new ParityStore(store.db);
  });
  afterAll(() => store.close());

  async function snapshot(records: SnapshotInput[]): Promise<string> {
    const runId = randomUUID();
    await parity.startRun({
      runId,
      xeroTenantId: 'tenant',
      crm: 'salesforce',
      crmConnectionId: 'conn',
      trigger: 'manual',
      workflowId: 'wf',
    });
    for (const side of ['xero', 'crm'] as const)
      for (const entity of ['invoice', 'contact'] as const)
        await parity.putRecords(
          runId,
          side,
          entity,
          records.filter((r) => r.side === side && r.entity === entity),
        );
    return runId;
  }

  async function compareAll(runId: string, settings: MappingSettings, pageSize: number) {
    let cursor: CompareCursor = compareStart;
    let pairs = 0;
    while (cursor.phase !== 'done') {
      const step = await compareStep(parity, { runId, cursor, settings, wonSince: WON_SINCE, pageSize });
      cursor = step.cursor;
      pairs += step.pairsCompared;
    }
    const findings = (await parity.findings(runId)).map((f) =>
      JSON.stringify({
        key: f.finding_key,
        kind: f.kind,
        entity: f.entity,
        ...(f.field ? { field: f.field } : {}),
        ...(f.xero_id
          ? {
              xero: {
                id: f.xero_id,
                label: f.xero_label,
                ...(f.xero_value !== null ? { value: f.xero_value } : {}),
              },
            }
          : {}),
        ...(f.crm_id
          ? { crm: { id: f.crm_id, ...(f.crm_value !== null ? { value: f.crm_value } : {}) } }
          : {}),
        message: f.message,
      }),
    );
    return { findings: findings.sort(), pairs };
  }

  it('finds exactly what the domain compare finds over the whole snapshot, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        snapshotArbitrary,
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('xero', 'crm'),
        async (records, pageSize, contactOwner) => {
          const settings = mappingSettingsSchema.parse({ contactOwner });
          const runId = await snapshot(records);
          expect(await compareAll(runId, settings, pageSize)).toEqual(expected(records, settings));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('settles agreeing pairs in the database and returns only the keys the domain compare must see', async () => {
    const records = fc.sample(snapshotArbitrary, { numRuns: 1, seed: 19 })[0]!;
    const agreeing = [0, 1, 2].flatMap((i): SnapshotInput[] => {
      const id = `agree-${i}`;
      const invoice: XeroInvoiceFacts = {
        id,
        number: `A-${i}`,
        type: 'ACCREC',
        status: 'PAID',
        contactId: 'contact-a',
        currency: 'NZD',
        date: '2026-05-01',
        subTotal: 10,
        total: 11.5,
        amountDue: 0,
        amountPaid: 11.5,
        amountCredited: 0,
        tracking: [],
      };
      const deal: CrmDealFacts = {
        id: `deal-${id}`,
        name: 'Agreeing',
        xeroInvoiceId: id,
        invoiceStatus: 'PAID',
        isWon: true,
        amount: i === 2 ? 10 : 11.5,
        ...(i === 2 ? { madeInvoice: true } : {}),
        amountDue: 0,
        amountPaid: 11.5,
        ...(i === 1 ? {} : { currency: 'NZD' }),
        closeDate: '2026-05-01',
        accountXeroContactId: 'contact-a',
      };
      return [
        { side: 'xero', entity: 'invoice', matchKey: id, recordId: id, facts: invoice },
        { side: 'crm', entity: 'invoice', matchKey: id, recordId: deal.id, facts: deal },
      ];
    });
    const runId = await snapshot([...records, ...agreeing]);
    const settings = mappingSettingsSchema.parse({});
    const page = await parity.comparePage(runId, 'invoice', 'agree-', 6, settledPair('invoice', settings));
    expect(page.settledPairs).toBe(3);
    expect(page.records).toEqual([]);
    expect(page.lastKey).toBe('agree-2');
  });

  it('takes a key with more records than a page whole', async () => {
    const deals = [0, 1, 2, 3].map((n): SnapshotInput => ({
      side: 'crm',
      entity: 'invoice',
      matchKey: 'gone',
      recordId: `deal-${n}`,
      facts: { id: `deal-${n}`, name: `Deal ${n}`, xeroInvoiceId: 'gone', isWon: true },
    }));
    const runId = await snapshot(deals);
    const settings = mappingSettingsSchema.parse({});
    const page = await parity.comparePage(runId, 'invoice', '', 2, settledPair('invoice', settings));
    expect(page.records.map((r) => r.recordId)).toEqual(['deal-0', 'deal-1', 'deal-2', 'deal-3']);
    expect(page.lastKey).toBe('gone');
  });

  it('still refuses a pair whose compared facts are not of the schema types, though equal', async () => {
    const invoice = {
      id: 'odd',
      number: 'O-1',
      type: 'ACCREC',
      status: 'AUTHORISED',
      contactId: 'c',
      currency: 'USD',
      date: '2026-01-01',
      subTotal: '10',
      total: '10',
      amountDue: 0,
      amountPaid: 0,
      amountCredited: 0,
      tracking: [],
    };
    const deal = {
      id: 'deal-odd',
      name: 'Odd',
      xeroInvoiceId: 'odd',
      invoiceStatus: 'AUTHORISED',
      isWon: true,
      amount: '10',
      amountDue: 0,
      amountPaid: 0,
      closeDate: '2026-01-01',
      accountXeroContactId: 'c',
    };
    const runId = await snapshot([
      { side: 'xero', entity: 'invoice', matchKey: 'odd', recordId: 'odd', facts: invoice },
      { side: 'crm', entity: 'invoice', matchKey: 'odd', recordId: 'deal-odd', facts: deal },
    ]);
    const settings = mappingSettingsSchema.parse({});
    await expect(
      compareStep(parity, { runId, cursor: compareStart, settings, wonSince: WON_SINCE, pageSize: 10 }),
    ).rejects.toThrow(/expected number/);
  });
});
