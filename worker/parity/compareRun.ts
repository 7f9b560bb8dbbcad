import {
  compareContactGroup,
  compareInvoiceGroup,
  compareUnlinkedDeal,
  type InvoiceGroup,
} from '../../workflows/domain/parity/compareParity';
import {
  crmAccountFactsSchema,
  crmDealFactsSchema,
  xeroContactFactsSchema,
  xeroInvoiceFactsSchema,
  type ParityFinding,
} from '../../workflows/domain/parity/parityFacts';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import type { ParityStore, SnapshotRecord } from './parityStore';
import { settledPair } from './settledPairs';

/** Where a comparison has got to: phase, then the last key done in it. */
export interface CompareCursor {
  phase: 'invoices' | 'unlinked_deals' | 'contacts' | 'done';
  after: string;
}

export const compareStart: CompareCursor = { phase: 'invoices', after: '' };

export interface CompareStep {
  cursor: CompareCursor;
  pairsCompared: number;
  findings: number;
}

/**
 * Compares one page of a run's snapshot and stores its findings. Callers loop until the phase is
 * `done`; each step reads about `pageSize` records, so memory does not grow with the books.
 */
export async function compareStep(
  store: ParityStore,
  input: {
    runId: string;
    cursor: CompareCursor;
    settings: MappingSettings;
    wonSince: string;
    pageSize: number;
  },
): Promise<CompareStep> {
  const { runId, cursor, settings, pageSize } = input;
  if (cursor.phase === 'unlinked_deals') {
    const page = await store.unlinkedDealsPage(runId, cursor.after, pageSize);
    const findings = page.facts.flatMap((f) =>
      compareUnlinkedDeal(crmDealFactsSchema.parse(f), input.wonSince),
    );
    await store.putFindings(runId, findings);
    return {
      cursor: page.lastId
        ? { phase: 'unlinked_deals', after: page.lastId }
        : { phase: 'contacts', after: '' },
      pairsCompared: 0,
      findings: findings.length,
    };
  }
  if (cursor.phase === 'done') return { cursor, pairsCompared: 0, findings: 0 };
  const entity = cursor.phase === 'invoices' ? 'invoice' : 'contact';
  // Agreeing pairs are settled in the database (settledPairs.ts); the rest come here.
  const page = await store.comparePage(runId, entity, cursor.after, pageSize, settledPair(entity, settings));
  const findings: ParityFinding[] = [];
  let pairs = page.settledPairs;
  for (const rows of groupByKey(page.records)) {
    const xeroRow = rows.find((r) => r.side === 'xero');
    const crmRows = rows.filter((r) => r.side === 'crm' && r.matchKey !== '');
    if (rows[0]?.matchKey === '') continue;
    if (xeroRow && crmRows.length > 0) pairs++;
    if (entity === 'invoice') {
      const group: InvoiceGroup = {
        ...(xeroRow ? { xero: xeroInvoiceFactsSchema.parse(xeroRow.facts) } : {}),
        crm: crmRows.map((r) => crmDealFactsSchema.parse(r.facts)),
      };
      findings.push(...compareInvoiceGroup(group, { settings }));
    } else {
      findings.push(
        ...compareContactGroup(
          {
            ...(xeroRow ? { xero: xeroContactFactsSchema.parse(xeroRow.facts) } : {}),
            crm: crmRows.map((r) => crmAccountFactsSchema.parse(r.facts)),
          },
          { settings },
        ),
      );
    }
  }
  await store.putFindings(runId, findings);
  const next: CompareCursor = page.lastKey
    ? { phase: cursor.phase, after: page.lastKey }
    : { phase: cursor.phase === 'invoices' ? 'unlinked_deals' : 'done', after: '' };
  return { cursor: next, pairsCompared: pairs, findings: findings.length };
}

function groupByKey(rows: SnapshotRecord[]): SnapshotRecord[][] {
  const groups: SnapshotRecord[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0]?.matchKey === row.matchKey) last.push(row);
    else groups.push([row]);
  }
  return groups;
}
