import { sql, type Kysely } from 'kysely';
import type { ParityFinding } from '../../workflows/domain/parity/parityFacts';
import type { Database } from '../store/schema';

export interface ParityRunRef {
  runId: string;
  xeroTenantId: string;
  crm: 'salesforce' | 'hubspot';
  crmConnectionId: string;
  trigger: 'schedule' | 'manual';
  workflowId: string;
}

export interface SnapshotRow {
  matchKey: string;
  recordId: string;
  facts: object;
}

/** One row of a compare page, with what the join found for it (see `invoicePage`). */
export interface JoinedRow {
  side: 'xero' | 'crm';
  matchKey: string;
  recordId: string;
  facts: unknown;
  /** Xero side: the invoice's contact. */
  xeroContact: unknown;
  /** CRM side: the Xero contact ID of the deal's account, when that account is linked. */
  accountXeroContactId: string | null;
}

const INSERT_CHUNK = 2_000;

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

  /** Idempotent: a retried page overwrites itself. */
  async putRecords(
    runId: string,
    side: 'xero' | 'crm',
    entity: 'invoice' | 'contact',
    rows: SnapshotRow[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      await this.db
        .insertInto('parity_records')
        .values(
          chunk.map((r) => ({
            run_id: runId,
            side,
            entity,
            match_key: r.matchKey,
            record_id: r.recordId,
            facts: JSON.stringify(r.facts),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['run_id', 'side', 'entity', 'record_id']).doUpdateSet({
            match_key: (eb) => eb.ref('excluded.match_key'),
            facts: (eb) => eb.ref('excluded.facts'),
          }),
        )
        .execute();
    }
  }

  /**
   * The next `limit` Xero IDs after `after` with every record on either side under them, the Xero
   * invoice's contact and each CRM deal's account link joined in. Keyed paging: memory is one page.
   */
  async joinedPage(
    runId: string,
    entity: 'invoice' | 'contact',
    after: string,
    limit: number,
  ): Promise<{ rows: JoinedRow[]; lastKey: string | undefined }> {
    const result = await sql<{
      side: 'xero' | 'crm';
      match_key: string;
      record_id: string;
      facts: unknown;
      xero_contact: unknown;
      account_xero_contact_id: string | null;
    }>`
      with keys as (
        select distinct match_key from parity_records
        where run_id = ${runId} and entity = ${entity} and match_key > ${after}
        order by match_key limit ${limit}
      )
      select r.side, r.match_key, r.record_id, r.facts,
             xc.facts as xero_contact, acct.match_key as account_xero_contact_id
      from parity_records r
      join keys k on k.match_key = r.match_key
      left join parity_records xc on r.side = 'xero' and ${entity} = 'invoice'
        and xc.run_id = r.run_id and xc.side = 'xero' and xc.entity = 'contact'
        and xc.record_id = r.facts->>'contactId'
      left join parity_records acct on r.side = 'crm' and ${entity} = 'invoice'
        and acct.run_id = r.run_id and acct.side = 'crm' and acct.entity = 'contact'
        and acct.record_id = r.facts->>'accountCrmId'
      where r.run_id = ${runId} and r.entity = ${entity}
      order by r.match_key, r.side desc, r.record_id
    `.execute(this.db);
    const rows = result.rows.map((r) => ({
      side: r.side,
      matchKey: r.match_key,
      recordId: r.record_id,
      facts: r.facts,
      xeroContact: r.xero_contact,
      accountXeroContactId: r.account_xero_contact_id,
    }));
    return { rows, lastKey: rows.at(-1)?.matchKey };
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
