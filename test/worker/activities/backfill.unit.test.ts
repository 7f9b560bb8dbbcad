import { MockActivityEnvironment } from '@temporalio/testing';
import { createBackfillActivities, type BackfillDeps } from '../../../worker/activities/backfill';
import type { ConnectionStore } from '../../../worker/connections/connectionStore';
import type { Page, XeroApi } from '../../../worker/connectors/xero/xeroApi';
import type { BatchOutcome, CrmBackfill, CrmTarget } from '../../../worker/sync/crmTarget';
import { defaultMappingSettings } from '../../../worker/sync/mappingSettingsStore';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import { aContact, anInvoice } from '../../factories/canonical';

/** A Xero organisation of `total` records in pages of 1,000, counting the reads in flight at once. */
function xeroPages<T>(total: number, make: () => T) {
  const asked: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetch = async ({ page }: { page: number }): Promise<Page<T>> => {
    asked.push(page);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    const size = Math.max(0, Math.min(1_000, total - (page - 1) * 1_000));
    return {
      items: Array.from({ length: size }, make),
      pageCount: Math.ceil(total / 1_000),
      itemCount: total,
    };
  };
  return { fetch, asked, mostInFlight: () => mostInFlight };
}

/** A CRM whose bulk writes log when they start and end, ending a turn of the event loop later (or failing at once). */
function crm(vendor: CrmTarget['vendor'], log: string[], fail = false): CrmTarget {
  const write = async (n: number): Promise<BatchOutcome> => {
    log.push(`${vendor} start`);
    if (fail) throw new Error(`${vendor} refused the batch`);
    await new Promise((resolve) => setImmediate(resolve));
    log.push(`${vendor} end`);
    return { written: n, queuedForReview: 0, failed: [] };
  };
  const backfill: CrmBackfill = {
    accounts: (contacts: CanonicalContact[]) => write(contacts.length),
    deals: (items: Array<{ invoice: CanonicalInvoice }>) => write(items.length),
  };
  return { vendor, connectionId: `${vendor}-1`, backfill } as unknown as CrmTarget;
}

function activities(targets: CrmTarget[], xero: Partial<XeroApi>) {
  const deps: BackfillDeps = {
    connections: { find: async () => ({ id: 'xero-1', status: 'active' }) } as unknown as ConnectionStore,
    xeroApi: () => xero as XeroApi,
    crmTargets: { forXeroTenant: async () => targets, forConnection: async () => undefined },
    audit: { record: async () => 'audit-1' } as unknown as BackfillDeps['audit'],
    loadSettings: defaultMappingSettings,
  };
  return createBackfillActivities(deps);
}

const step = { tenantId: 'tenant-1', page: 1, workflowId: 'xero-backfill:tenant-1' };

describe('backfillXeroPage', () => {
  it('writes every CRM side by side', async () => {
    const log: string[] = [];
    const contacts = xeroPages(1_500, () => aContact());
    const { backfillXeroPage } = activities([crm('salesforce', log), crm('hubspot', log)], {
      contactPage: contacts.fetch,
    });
    const result = await new MockActivityEnvironment().run(backfillXeroPage, {
      ...step,
      kind: 'CONTACT' as const,
    });
    expect(log).toEqual(['salesforce start', 'hubspot start', 'salesforce end', 'hubspot end']);
    expect(result).toMatchObject({ fetched: 1_500, written: 3_000, pagesRead: 2, failed: 0 });
  });

  it('fails a step whose CRM write failed only once every CRM write has ended', async () => {
    const log: string[] = [];
    const invoices = xeroPages(800, () => anInvoice());
    const { backfillXeroPage } = activities([crm('salesforce', log, true), crm('hubspot', log)], {
      invoicePage: invoices.fetch,
    });
    await expect(
      new MockActivityEnvironment().run(backfillXeroPage, { ...step, kind: 'INVOICE' as const }),
    ).rejects.toThrow('salesforce refused the batch');
    expect(log).toContain('hubspot end');
  });

  it("reads the step's pages together after the first, and none past Xero's last", async () => {
    const invoices = xeroPages(3_500, () => anInvoice());
    const { backfillXeroPage } = activities([], { invoicePage: invoices.fetch });
    const result = await new MockActivityEnvironment().run(backfillXeroPage, {
      ...step,
      kind: 'INVOICE' as const,
      page: 2,
      pages: 5,
    });
    expect(invoices.asked.sort()).toEqual([2, 3, 4]);
    expect(invoices.mostInFlight()).toBe(2);
    expect(result).toMatchObject({ fetched: 2_500, pagesRead: 3, pageCount: 4 });
  });

  it('stops at a short first page', async () => {
    const contacts = xeroPages(400, () => aContact());
    const { backfillXeroPage } = activities([], { contactPage: contacts.fetch });
    const result = await new MockActivityEnvironment().run(backfillXeroPage, {
      ...step,
      kind: 'CONTACT' as const,
    });
    expect(contacts.asked).toEqual([1]);
    expect(result).toMatchObject({ fetched: 400, pagesRead: 1 });
  });
});
