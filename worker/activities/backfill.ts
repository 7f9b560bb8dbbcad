import { Context } from '@temporalio/activity';
import type { ShadowPlans } from '../parity/shadowPlans';
import { shadowPlanOf } from '../parity/shadowPlanOf';
import type { BatchOutcome, CrmTarget } from '../sync/crmTarget';
import type { RecordLinks } from '../sync/recordLinks';
import { dealFromInvoice, qualifies } from '../../workflows/domain/invoiceToDeal';
import type { BackfillPageResult } from '../../workflows/xero/backfillProgress';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { Page, XeroApi } from '../connectors/xero/xeroApi';
import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { CrmTargets } from '../sync/crmTarget';
import { validMappingSettings } from './mappingSettings';
import { activeXeroConnectionId } from './xeroConnection';

export interface BackfillDeps {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  audit: AuditLog;
  loadSettings(tenantId: string): Promise<unknown>;
  /** Shadow mode records each write the load would make instead of making it. */
  shadowPlans?: ShadowPlans;
  /** Ledgerbridge's own account ↔ contact links, which the cards read. */
  links?: RecordLinks;
}

/** Xero's largest page. */
const PAGE_SIZE = 1_000;
/**
 * Xero pages per activity: writing 5,000 records at once leaves one part-filled CRM batch per 5,000
 * instead of one per 1,000 (Salesforce's 200 and HubSpot's 100 do not divide what qualifies).
 */
const PAGES_PER_ACTIVITY = 5;

async function allContacts(api: XeroApi): Promise<Map<string, CanonicalContact>> {
  const byId = new Map<string, CanonicalContact>();
  for (let n = 1; ; n++) {
    const page = await api.contactPage({ page: n, pageSize: PAGE_SIZE });
    for (const c of page.items) byId.set(c.xeroContactId, c);
    if (page.items.length < PAGE_SIZE || n >= page.pageCount) return byId;
  }
}

/**
 * Reads up to `max` Xero pages from `first`, stopping at the last page Xero has. The first page says
 * how many there are; the rest are asked for together (Xero answers 5 at once per organisation,
 * and the pacer keeps its limits), so converting one page overlaps Xero serving the next.
 */
async function readPages<T>(
  fetch: (page: number) => Promise<Page<T>>,
  first: number,
  max: number,
): Promise<Page<T> & { pagesRead: number }> {
  const head = await fetch(first);
  Context.current().heartbeat({ page: first });
  const last = head.items.length < PAGE_SIZE ? first : Math.min(first + max - 1, head.pageCount);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, last - first) }, async (_, i) => {
      const page = await fetch(first + 1 + i);
      Context.current().heartbeat({ page: first + 1 + i });
      return page;
    }),
  );
  const pages = [head, ...rest];
  const end = pages.at(-1) ?? head;
  return {
    items: pages.flatMap((page) => page.items),
    pageCount: end.pageCount,
    itemCount: end.itemCount,
    pagesRead: pages.length,
  };
}

/**
 * Runs `write` for every CRM side by side: each has its own rate limits and nothing in one waits on
 * another, so a load takes as long as its slowest CRM rather than all of them in turn. Settles every
 * write before failing with the first error, so no write of a failed attempt outlives it.
 */
async function forEachCrm<T>(targets: CrmTarget[], write: (target: CrmTarget) => Promise<T>): Promise<T[]> {
  const settled = await Promise.allSettled(
    targets.map((target) => {
      Context.current().heartbeat({ crm: target.vendor });
      return write(target);
    }),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * One page of the initial load: a page of Xero contacts (1,000) linked or created in every CRM, or
 * a page of invoices whose qualifying ones become deals, in the CRMs' largest batches. Pages are
 * idempotent (upserts by Xero ID), so a retried page writes the same end state.
 */
export function createBackfillActivities(deps: BackfillDeps) {
  return {
    async backfillXeroPage(input: {
      tenantId: string;
      kind: 'CONTACT' | 'INVOICE';
      page: number;
      /** How many Xero pages to read and write together (fewer, fuller CRM batches). */
      pages?: number;
      workflowId: string;
      /** One backfill (all its runs); adapters cache what they read once under it. */
      backfillId?: string;
    }): Promise<BackfillPageResult> {
      const api = deps.xeroApi(await activeXeroConnectionId(deps.connections, input.tenantId));
      const settings = validMappingSettings(input.tenantId, await deps.loadSettings(input.tenantId));
      const context = { xeroTenantId: input.tenantId, backfillId: input.backfillId ?? input.workflowId };
      const targets = await deps.crmTargets.forXeroTenant(input.tenantId);
      const result: BackfillPageResult = {
        fetched: 0,
        qualified: 0,
        written: 0,
        queuedForReview: 0,
        failed: 0,
        pageCount: 1,
        itemCount: 0,
        pagesRead: 0,
      };
      const pages = input.pages ?? PAGES_PER_ACTIVITY;
      // Shadow mode: every write the load would make is recorded for the cutover report instead.
      const shadowStore = deps.shadowPlans;
      const shadow = settings.shadowMode.xeroToCrm
        ? async (target: CrmTarget, plans: Array<Parameters<typeof shadowPlanOf>[0]>) => {
            if (!shadowStore) throw new Error('shadow mode is on but no plan store is configured');
            await shadowStore.recordMany(
              plans.map((plan) => ({
                flow: 'xero_to_crm' as const,
                xeroTenantId: input.tenantId,
                target: `${target.vendor}:${target.connectionId}`,
                recordKey:
                  plan.kind === 'upsert_deal' ? plan.invoice.xeroInvoiceId : plan.contact.xeroContactId,
                plan: shadowPlanOf(plan),
                workflowId: input.workflowId,
              })),
            );
          }
        : undefined;
      const failures: Array<{ crm: string; xeroId: string; error: string }> = [];
      const count = (target: CrmTarget | undefined, out: BatchOutcome | undefined) => {
        if (!target || !out) return;
        result.written += out.written;
        result.queuedForReview += out.queuedForReview;
        failures.push(...out.failed.map((f) => ({ crm: target.vendor, ...f })));
      };
      if (input.kind === 'CONTACT') {
        const page = await readPages(
          (n) => api.contactPage({ page: n, pageSize: PAGE_SIZE }),
          input.page,
          pages,
        );
        Object.assign(result, {
          fetched: page.items.length,
          qualified: page.items.length,
          pageCount: page.pageCount,
          itemCount: page.itemCount,
          pagesRead: page.pagesRead,
        });
        const outs = await forEachCrm(targets, async (target) => {
          if (shadow) {
            await shadow(
              target,
              page.items.map((contact) => ({
                kind: 'upsert_account' as const,
                contact,
                owner: settings.contactOwner,
              })),
            );
            return undefined;
          }
          const out = await target.backfill.accounts(page.items, settings.contactOwner, context);
          await deps.links?.upsert({ connectionId: target.connectionId }, input.tenantId, out.linked ?? []);
          return out;
        });
        outs.forEach((out, i) => count(targets[i], out));
      } else {
        const page = await readPages(
          (n) => api.invoicePage({ page: n, pageSize: PAGE_SIZE }),
          input.page,
          pages,
        );
        // Invoices carry no contact groups: when a group rule is configured, read the contacts
        // (1,000 a call) so the rule decides here exactly as it does for a single record.
        const contactsById = settings.invoiceRules.contactGroups.length ? await allContacts(api) : undefined;
        const items = page.items
          .filter((invoice) => qualifies(invoice, contactsById?.get(invoice.contactId), settings).qualifies)
          .map((invoice) => ({ invoice, deal: dealFromInvoice(invoice, settings) }));
        Object.assign(result, {
          fetched: page.items.length,
          qualified: items.length,
          pageCount: page.pageCount,
          itemCount: page.itemCount,
          pagesRead: page.pagesRead,
        });
        const outs = await forEachCrm(targets, async (target) => {
          if (shadow) {
            await shadow(
              target,
              items.map(({ invoice, deal }) => ({
                kind: 'upsert_deal' as const,
                invoice,
                deal,
                contact: undefined,
                owner: settings.contactOwner,
              })),
            );
            return undefined;
          }
          return target.backfill.deals(items, context);
        });
        outs.forEach((out, i) => count(targets[i], out));
      }
      result.failed = failures.length;
      await deps.audit.record({
        action: 'backfill_page',
        outcome: failures.length > 0 ? 'failed' : 'succeeded',
        actor: 'worker',
        workflowId: input.workflowId,
        subject: { xeroTenantId: input.tenantId, kind: input.kind, page: input.page },
        detail: { ...result, failures: failures.slice(0, 200) },
      });
      return result;
    },
  };
}

export type BackfillActivities = ReturnType<typeof createBackfillActivities>;
