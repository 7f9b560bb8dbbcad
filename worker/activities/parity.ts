import { isCrmVendor } from '../../workflows/domain/crmVendor';
import type { CrmVendor } from '../../workflows/domain/crmVendor';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import { xeroContactFactsSchema } from '../../workflows/domain/parity/parityFacts';
import type { AuditLog } from '../audit/auditLog';
import { compareStep, type CompareCursor } from '../parity/compareRun';
import { xeroContactFacts, xeroInvoiceFacts } from '../parity/xeroFacts';
import { ParityStore } from '../parity/parityStore';
import { cutoverStep, type CutoverStep, type CutoverTally } from '../parity/cutoverCompare';
import { ShadowPlans, type ShadowFlow } from '../parity/shadowPlans';
import type { Store } from '../store/store';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { validMappingSettings } from './mappingSettings';
import type { XeroSyncDeps } from './xeroSync';

export interface ParityDeps extends XeroSyncDeps {
  store: Store;
  audit: AuditLog;
  dispatchDealChanges?: CrmDealDispatch;
}

export type ParitySource = 'xero_contacts' | 'xero_invoices' | 'crm_accounts' | 'crm_deals';

export interface ParityRunInput {
  runId: string;
  xeroTenantId: string;
  crmConnectionId: string;
  trigger: 'schedule' | 'manual';
  workflowId: string;
}

export interface ParityRunFacts {
  crm: CrmVendor;
  crmAccount: string;
  /** Won deals closed before this (the CRM's connection) were never the CRM-to-Xero flow's to invoice. */
  wonSince: string;
}

/** Xero pages of 1,000 (the most it allows); a collect call does a few, then reports where it is. */
const XERO_PAGE = 1_000;
const PAGES_PER_CALL = 10;
const COMPARE_PAGE = 2_000;
const COMPARE_KEYS_PER_CALL = 50_000;
/** A CRM view lists the first findings; the CSV export and `npm run parity` have them all. */
const PUBLISHED_FINDINGS = 2_000;

export function createParityActivities(deps: ParityDeps) {
  const store = new ParityStore(deps.store.db);

  async function crmTarget(crmConnectionId: string) {
    const target = await deps.crmTargets.forConnection(crmConnectionId);
    if (!target)
      throw ApplicationFailure.nonRetryable(
        `no CRM connection ${crmConnectionId}`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return target;
  }

  async function xeroApi(tenantId: string) {
    const connection = await deps.connections.find('xero', tenantId);
    if (!connection)
      throw ApplicationFailure.nonRetryable(
        `Xero tenant ${tenantId} is not connected`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return deps.xeroApi(connection.id);
  }

  /** Which of these deals made their Xero invoice (the CRM-to-Xero flow's ID mapping). */
  async function dealsThatMadeInvoices(crm: string, crmConnectionId: string, dealIds: string[]) {
    if (dealIds.length === 0) return new Set<string>();
    const connection = (await deps.connections.list()).find((c) => c.id === crmConnectionId);
    if (!connection) return new Set<string>();
    const rows = await deps.store.db
      .selectFrom('deal_invoices')
      .select('deal_id')
      .where('crm', '=', crm)
      .where('crm_account', '=', connection.externalId)
      .where('deal_id', 'in', dealIds)
      .where('xero_invoice_id', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.deal_id));
  }

  return {
    async parityBegin(input: ParityRunInput): Promise<ParityRunFacts> {
      const connection = (await deps.connections.list()).find((c) => c.id === input.crmConnectionId);
      if (!connection || !isCrmVendor(connection.vendor))
        throw ApplicationFailure.nonRetryable(
          `no CRM connection ${input.crmConnectionId}`,
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      await store.startRun({ ...input, crm: connection.vendor });
      const created = await deps.store.db
        .selectFrom('connections')
        .select('created_at')
        .where('id', '=', connection.id)
        .executeTakeFirstOrThrow();
      return {
        crm: connection.vendor,
        crmAccount: connection.externalId,
        wonSince: created.created_at.toISOString(),
      };
    },

    /** Snapshots a few pages of one source; returns where to go on, or null when it is read. */
    async parityCollect(input: {
      runId: string;
      xeroTenantId: string;
      crmConnectionId: string;
      source: ParitySource;
      cursor: string | null;
    }): Promise<{ cursor: string | null; records: number }> {
      let cursor = input.cursor;
      let records = 0;
      for (let i = 0; i < PAGES_PER_CALL; i++) {
        const page = await collectPage(input.source, cursor);
        records += page.records;
        cursor = page.next;
        Context.current().heartbeat({ cursor, records });
        if (cursor === null) break;
      }
      return { cursor, records };

      async function collectPage(source: ParitySource, at: string | null) {
        if (source === 'xero_invoices' || source === 'xero_contacts') {
          const api = await xeroApi(input.xeroTenantId);
          const pageNumber = at ? Number(at) : 1;
          if (source === 'xero_invoices') {
            const page = await api.invoicePage({ page: pageNumber, pageSize: XERO_PAGE });
            // Invoices carry no contact groups: with a group rule, take them from the contacts read.
            const settings = validMappingSettings(
              input.xeroTenantId,
              await deps.loadSettings(input.xeroTenantId),
            );
            const contacts = settings.invoiceRules.contactGroups.length
              ? await store.matchKeysOf(
                  input.runId,
                  'xero',
                  'contact',
                  page.items.map((i) => i.contactId),
                )
              : undefined;
            await store.putRecords(
              input.runId,
              'xero',
              'invoice',
              page.items.map((i) => {
                const contact = contacts?.get(i.contactId)?.facts;
                const facts = xeroInvoiceFacts(i);
                return {
                  matchKey: i.xeroInvoiceId,
                  recordId: i.xeroInvoiceId,
                  facts: contacts
                    ? {
                        ...facts,
                        contactGroups: xeroContactFactsSchema.parse(
                          contact ?? {
                            id: i.contactId,
                            name: '',
                            groups: [],
                            isCustomer: false,
                            status: 'ACTIVE',
                          },
                        ).groups,
                      }
                    : facts,
                };
              }),
            );
            return {
              records: page.items.length,
              next: page.items.length === XERO_PAGE ? String(pageNumber + 1) : null,
            };
          }
          const page = await api.contactPage({ page: pageNumber, pageSize: XERO_PAGE });
          await store.putRecords(
            input.runId,
            'xero',
            'contact',
            page.items.map((c) => ({
              matchKey: c.xeroContactId,
              recordId: c.xeroContactId,
              facts: xeroContactFacts(c),
            })),
          );
          return {
            records: page.items.length,
            next: page.items.length === XERO_PAGE ? String(pageNumber + 1) : null,
          };
        }
        const target = await crmTarget(input.crmConnectionId);
        if (source === 'crm_deals') {
          const page = await target.parity.dealsPage(at ?? undefined);
          const made = await dealsThatMadeInvoices(
            target.vendor,
            input.crmConnectionId,
            page.deals.map((d) => d.id),
          );
          // Accounts are read before deals: each deal takes its account's Xero link from them.
          const accounts = await store.matchKeysOf(
            input.runId,
            'crm',
            'contact',
            page.deals.flatMap((d) => (d.accountCrmId ? [d.accountCrmId] : [])),
          );
          await store.putRecords(
            input.runId,
            'crm',
            'invoice',
            page.deals.map((d) => {
              const accountXeroContactId = d.accountCrmId
                ? accounts.get(d.accountCrmId)?.matchKey
                : undefined;
              return {
                matchKey: d.xeroInvoiceId ?? '',
                recordId: d.id,
                facts: {
                  ...d,
                  ...(accountXeroContactId ? { accountXeroContactId } : {}),
                  ...(made.has(d.id) ? { madeInvoice: true } : {}),
                },
              };
            }),
          );
          return { records: page.deals.length, next: page.next ?? null };
        }
        const page = await target.parity.accountsPage(at ?? undefined);
        await store.putRecords(
          input.runId,
          'crm',
          'contact',
          page.accounts.map((a) => ({ matchKey: a.xeroContactId ?? '', recordId: a.id, facts: a })),
        );
        return { records: page.accounts.length, next: page.next ?? null };
      }
    },

    /** Compares the snapshot from `cursor` on, a bounded number of keys per call. */
    async parityCompare(input: {
      runId: string;
      xeroTenantId: string;
      wonSince: string;
      cursor: CompareCursor;
    }): Promise<{ cursor: CompareCursor; pairsCompared: number; findings: number }> {
      const settings = validMappingSettings(input.xeroTenantId, await deps.loadSettings(input.xeroTenantId));
      let cursor = input.cursor;
      let pairsCompared = 0;
      let findings = 0;
      for (let keys = 0; cursor.phase !== 'done' && keys < COMPARE_KEYS_PER_CALL; keys += COMPARE_PAGE) {
        const step = await compareStep(store, {
          runId: input.runId,
          cursor,
          settings,
          wonSince: input.wonSince,
          pageSize: COMPARE_PAGE,
        });
        cursor = step.cursor;
        pairsCompared += step.pairsCompared;
        findings += step.findings;
        Context.current().heartbeat(cursor);
      }
      return { cursor, pairsCompared, findings };
    },

    /**
     * Cutover report pages: every flow's newest shadow plans held against what the old process
     * wrote (this run's snapshot of both systems). Returns the agreement per flow.
     */
    async parityCutover(input: {
      runId: string;
      crm: CrmVendor;
      crmAccount: string;
      crmConnectionId: string;
    }): Promise<Record<ShadowFlow, CutoverTally>> {
      const shadow = deps.shadowPlans ?? new ShadowPlans(deps.store.db);
      const agreement: Record<ShadowFlow, CutoverTally> = {
        xero_to_crm: { plans: 0, agreeing: 0 },
        crm_to_xero: { plans: 0, agreeing: 0 },
      };
      const targets: Record<ShadowFlow, string> = {
        xero_to_crm: `${input.crm}:${input.crmConnectionId}`,
        crm_to_xero: `${input.crm}:${input.crmAccount}:`,
      };
      for (const flow of ['xero_to_crm', 'crm_to_xero'] as const) {
        let after: CutoverStep['after'];
        do {
          const step = await cutoverStep(
            { parity: store, shadow },
            { runId: input.runId, flow, target: targets[flow], after, pageSize: COMPARE_PAGE },
          );
          await store.putFindings(input.runId, step.findings);
          agreement[flow].plans += step.tally.plans;
          agreement[flow].agreeing += step.tally.agreeing;
          after = step.after;
          Context.current().heartbeat({ flow, after });
        } while (after);
      }
      await store.recordAgreement(input.runId, agreement);
      return agreement;
    },

    /** The finished run in the CRM's sync health view, where the CRM has one (Salesforce). */
    async parityPublish(input: { runId: string; crmConnectionId: string }): Promise<{ published: number }> {
      const target = await crmTarget(input.crmConnectionId);
      const run = await store.run(input.runId);
      if (!target.parity.publish || !run) return { published: 0 };
      const findings = (await store.findings(input.runId)).slice(0, PUBLISHED_FINDINGS);
      await target.parity.publish(run, findings);
      return { published: findings.length };
    },

    async parityAbandon(input: { runId: string; reason: string }): Promise<void> {
      await store.abandonRun(input.runId);
      await deps.audit.record({
        action: 'parity.check',
        outcome: 'failed',
        actor: 'worker',
        subject: { parityRunId: input.runId },
        detail: { error: input.reason },
      });
    },

    async parityFinish(input: {
      runId: string;
      pairsCompared: number;
      workflowId: string;
      temporalRunId: string;
    }): Promise<{ findings: number; byKind: Record<string, number> }> {
      const totals = await store.finishRun(input.runId, input.pairsCompared);
      await deps.audit.record({
        action: 'parity.check',
        outcome: 'succeeded',
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.temporalRunId,
        subject: { parityRunId: input.runId },
        detail: { pairsCompared: input.pairsCompared, ...totals },
      });
      return totals;
    },
  };
}

export type ParityActivities = ReturnType<typeof createParityActivities>;
