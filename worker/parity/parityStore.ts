import type { CrmVendor } from '../../workflows/domain/crmVendor';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ParityFinding } from '../../workflows/domain/parity/parityFacts';
import type { Database } from '../store/schema';

export interface ParityRunRef {
  runId: string;
  xeroTenantId: string;
  crm: CrmVendor;
  crmConnectionId: string;
  trigger: 'schedule' | 'manual';
  workflowId: string;
}

export interface SnapshotRow {
  matchKey: string;
  recordId: string;
  facts: object;
}

/** One row of a compare page. */
export interface SnapshotRecord {
  side: 'xero' | 'crm';
  matchKey: string;
  recordId: string;
  facts: unknown;
}

const INSERT_CHUNK = 5_000;

/** Runs, their snapshots and findings (migration 0010). */
export class ParityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async startRun(run: ParityRunRef): Promise<void> {
    await this.db
      .insertInto('parity_runs')
      .values({
        run_id: run.runId,
        xero_tenant_id: run.xeroTenantId,
        crm: run.crm,
        crm_connection_id: run.crmConnectionId,
        trigger: run.trigger,
        workflow_id: run.workflowId,
      })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .execute();
  }

  /**
   * Idempotent: a retried page overwrites itself. Each chunk travels as one JSON parameter expanded
   * by the server (jsonb_to_recordset): one statement and one parse per 5,000 records.
   */
  async putRecords(
    runId: string,
    side: 'xero' | 'crm',
    entity: 'invoice' | 'contact',
    rows: SnapshotRow[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = JSON.stringify(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({ k: r.matchKey, r: r.recordId, f: r.facts })),
      );
      await sql`
        insert into parity_records (run_id, side, entity, match_key, record_id, facts)
        select ${runId}, ${side}, ${entity}, x.k, x.r, x.f
        from jsonb_to_recordset(${chunk}::jsonb) as x(k text, r text, f jsonb)
        on conflict (run_id, side, entity, record_id)
        do update set match_key = excluded.match_key, facts = excluded.facts
      `.execute(this.db);
    }
  }

  /**
   * The records under the Xero IDs after `after`, in key order, about `limit` of them (a plain
   * index scan), less the agreeing pairs: a key holding one Xero and one CRM record whose facts
   * pass `settled` (a condition on x.facts and c.facts, see settledPairs.ts) is only counted, in
   * `settledPairs`. The last key of a full page may be cut off, so it is left for the next page
   * (`lastKey` is the last key whose records are all here). One statement; the records travel as
   * one JSON value.
   */
  async comparePage(
    runId: string,
    entity: 'invoice' | 'contact',
    after: string,
    limit: number,
    settled: RawBuilder<boolean>,
  ): Promise<{ records: SnapshotRecord[]; settledPairs: number; lastKey: string | undefined }> {
    const result = await sql<{
      cut: string | null;
      last_key: string | null;
      settled: number;
      records: SnapshotRecord[] | null;
    }>`
      with page as materialized (
        select side, match_key, record_id, facts from parity_records
        where run_id = ${runId} and entity = ${entity} and match_key > ${after}
        order by match_key
        limit ${limit + 1}
      ),
      cut as (select case when count(*) > ${limit} then max(match_key) end as key from page),
      complete as (select page.* from page cross join cut where cut.key is null or page.match_key <> cut.key),
      keyed as (
        select complete.*, count(*) over key as n,
          first_value(side) over key as first_side, first_value(facts) over key as first_facts
        from complete
        window key as (partition by match_key order by side desc rows between unbounded preceding and unbounded following)
      ),
      settled as (
        select c.match_key from keyed c cross join lateral (select c.first_facts as facts) x
        where c.n = 2 and c.side = 'crm' and c.first_side = 'xero' and ${settled}
      )
      select
        (select key from cut) as cut,
        (select max(match_key) from complete) as last_key,
        (select count(*) from settled)::int as settled,
        (select json_agg(
            json_build_object('side', side, 'matchKey', match_key, 'recordId', record_id, 'facts', facts)
            order by match_key, side desc, record_id)
          from complete where match_key not in (select match_key from settled)) as records
    `.execute(this.db);
    const row = result.rows[0];
    if (row?.cut && !row.last_key) {
      // One key with more records than a page (a pathological duplicate): take it whole.
      return { records: await this.allUnder(runId, entity, row.cut), settledPairs: 0, lastKey: row.cut };
    }
    return {
      records: row?.records ?? [],
      settledPairs: row?.settled ?? 0,
      lastKey: row?.last_key ?? undefined,
    };
  }

  private async allUnder(
    runId: string,
    entity: 'invoice' | 'contact',
    key: string,
  ): Promise<SnapshotRecord[]> {
    const rows = await this.db
      .selectFrom('parity_records')
      .select(['side', 'match_key', 'record_id', 'facts'])
      .where('run_id', '=', runId)
      .where('entity', '=', entity)
      .where('match_key', '=', key)
      .orderBy('side', 'desc')
      .orderBy('record_id')
      .execute();
    return rows.map((r) => ({ side: r.side, matchKey: r.match_key, recordId: r.record_id, facts: r.facts }));
  }

  /** The Xero IDs some already-collected records link, by record ID (for the links on the next page). */
  async matchKeysOf(
    runId: string,
    side: 'xero' | 'crm',
    entity: 'invoice' | 'contact',
    recordIds: string[],
  ): Promise<Map<string, { matchKey: string; facts: unknown }>> {
    if (recordIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('parity_records')
      .select(['record_id', 'match_key', 'facts'])
      .where('run_id', '=', runId)
      .where('side', '=', side)
      .where('entity', '=', entity)
      .where('record_id', 'in', [...new Set(recordIds)])
      .execute();
    return new Map(rows.map((r) => [r.record_id, { matchKey: r.match_key, facts: r.facts }]));
  }

  /**
   * Snapshot records found by Xero ID, else by invoice number (what an old process may have left
   * instead of an ID): for the cutover report.
   */
  async findByIdOrNumber(
    runId: string,
    side: 'xero' | 'crm',
    wanted: { ids: string[]; numbers: string[] },
  ): Promise<{ byId: Map<string, unknown>; byNumber: Map<string, unknown> }> {
    // Field and side as literals: the partial number indexes (migration 0017) match only those.
    const number =
      side === 'xero' ? sql<string | null>`facts->>'number'` : sql<string | null>`facts->>'invoiceNumber'`;
    const rows =
      wanted.ids.length + wanted.numbers.length === 0
        ? []
        : await this.db
            .selectFrom('parity_records')
            .select(['match_key', 'record_id', 'facts', number.as('number')])
            .where('run_id', '=', runId)
            .where('side', '=', sql.lit(side))
            .where('entity', '=', sql.lit('invoice'))
            .where((eb) =>
              eb.or([
                ...(wanted.ids.length ? [eb('match_key', 'in', wanted.ids)] : []),
                ...(wanted.numbers.length ? [eb(number, 'in', wanted.numbers)] : []),
              ]),
            )
            .execute();
    const byId = new Map<string, unknown>();
    const byNumber = new Map<string, unknown>();
    for (const r of rows) {
      if (r.match_key) byId.set(side === 'crm' ? r.match_key : r.record_id, r.facts);
      if (r.number) byNumber.set(r.number, r.facts);
    }
    return { byId, byNumber };
  }

  /** CRM deals by record ID. */
  async crmDeals(runId: string, dealIds: string[]): Promise<Map<string, unknown>> {
    return new Map(
      [...(await this.matchKeysOf(runId, 'crm', 'invoice', dealIds))].map(([id, r]) => [id, r.facts]),
    );
  }

  async recordAgreement(runId: string, agreement: object): Promise<void> {
    await this.db
      .updateTable('parity_runs')
      .set({ agreement: JSON.stringify(agreement), mode: 'cutover' })
      .where('run_id', '=', runId)
      .execute();
  }

  /** CRM deals with no Xero link, by record ID after `after`. */
  async unlinkedDealsPage(
    runId: string,
    after: string,
    limit: number,
  ): Promise<{ facts: unknown[]; lastId: string | undefined }> {
    const rows = await this.db
      .selectFrom('parity_records')
      .select(['record_id', 'facts'])
      .where('run_id', '=', runId)
      .where('side', '=', 'crm')
      .where('entity', '=', 'invoice')
      .where('match_key', '=', '')
      .where('record_id', '>', after)
      .orderBy('record_id')
      .limit(limit)
      .execute();
    return { facts: rows.map((r) => r.facts), lastId: rows.at(-1)?.record_id };
  }

  /** Idempotent: a retried page's findings overwrite themselves. */
  async putFindings(runId: string, findings: ParityFinding[]): Promise<void> {
    for (let i = 0; i < findings.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('parity_findings')
        .values(
          findings.slice(i, i + INSERT_CHUNK).map((f) => ({
            run_id: runId,
            finding_key: f.key,
            kind: f.kind,
            entity: f.entity,
            field: f.field ?? null,
            xero_id: f.xero?.id ?? null,
            xero_label: f.xero?.label ?? null,
            xero_value: f.xero?.value ?? null,
            crm_id: f.crm?.id ?? null,
            crm_value: f.crm?.value ?? null,
            message: f.message,
          })),
        )
        .onConflict((oc) => oc.columns(['run_id', 'finding_key']).doNothing())
        .execute();
    }
  }

  /** Closes a run: its totals by kind, and its snapshot dropped (the findings stay). */
  async finishRun(
    runId: string,
    pairsCompared: number,
  ): Promise<{ findings: number; byKind: Record<string, number> }> {
    const counts = await this.db
      .selectFrom('parity_findings')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('kind')
      .execute();
    const byKind = Object.fromEntries(counts.map((c) => [c.kind, Number(c.n)]));
    const findings = Object.values(byKind).reduce((a, b) => a + b, 0);
    await this.db
      .updateTable('parity_runs')
      .set({
        finished_at: new Date(),
        pairs_compared: pairsCompared,
        findings,
        by_kind: JSON.stringify(byKind),
      })
      .where('run_id', '=', runId)
      .execute();
    await this.db.deleteFrom('parity_records').where('run_id', '=', runId).execute();
    return { findings, byKind };
  }

  /** A run that could not finish: its snapshot dropped; it never shows in the history. */
  async abandonRun(runId: string): Promise<void> {
    await this.db.deleteFrom('parity_records').where('run_id', '=', runId).execute();
  }

  /** Finished runs of one pair, newest first: the trend. */
  async history(xeroTenantId: string, crmConnectionId: string, limit = 30) {
    return this.db
      .selectFrom('parity_runs')
      .selectAll()
      .where('xero_tenant_id', '=', xeroTenantId)
      .where('crm_connection_id', '=', crmConnectionId)
      .where('finished_at', 'is not', null)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  }

  async run(runId: string) {
    return this.db.selectFrom('parity_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  }

  async findings(runId: string) {
    return this.db
      .selectFrom('parity_findings')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('kind')
      .orderBy('finding_key')
      .execute();
  }
}

export type ParityRunRow = NonNullable<Awaited<ReturnType<ParityStore['run']>>>;
export type ParityFindingRow = Awaited<ReturnType<ParityStore['findings']>>[number];
