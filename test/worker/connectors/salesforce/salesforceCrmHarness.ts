import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { RefreshService } from '../../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { SalesforceCrm } from '../../../../worker/connectors/salesforce/salesforceCrm';
import { SharedPacer } from '../../../../worker/pacing/sharedPacer';
import type { Store } from '../../../../worker/store/store';
import type { UpsertDealPlan } from '../../../../worker/sync/crmTarget';
import { ReviewQueue } from '../../../../worker/sync/reviewQueue';
import type { CanonicalContact, CanonicalInvoice } from '../../../../workflows/domain/canonical';
import { mappingSettingsSchema } from '../../../../workflows/domain/mappingSettings';
import { planXeroRecord } from '../../../../workflows/xero/planXeroRecord';
import type { SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { createTestStore } from '../../../support/stores';

/** The real SalesforceCrm over a sandbox org, with a real store (connections, pacing, reviews). */
export async function salesforceCrmFor(
  h: SalesforceHarness,
  settings: Record<string, unknown> = {},
): Promise<{ crm: SalesforceCrm; store: Store; reviews: ReviewQueue }> {
  const store = await createTestStore('pglite');
  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
  );
  const connection = await connections.save({
    vendor: 'salesforce',
    externalId: h.org.orgId,
    displayName: 'Test org',
    scopes: ['api'],
    settings: { instanceUrl: h.conn.instanceUrl, ...settings },
    tokens: { accessToken: h.conn.accessToken as string },
  });
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: () => ({ refresh: () => Promise.reject(new Error('the test session does not expire')) }),
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const pacer = new SharedPacer(store.db, () => ({
    limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
    concurrency: 5,
  }));
  const reviews = new ReviewQueue(store.db);
  return { crm: new SalesforceCrm({ connection, connections, refresh, pacer, reviews }), store, reviews };
}

export const contactNamed = (name: string): CanonicalContact => ({
  xeroContactId: randomUUID(),
  name,
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
  receivable: { outstanding: 500, overdue: 0 },
  updatedAt: '2026-11-01T10:00:00Z',
});

export const invoiceFor = (c: CanonicalContact, paid: number): CanonicalInvoice => ({
  xeroInvoiceId: randomUUID(),
  number: `INV-${randomUUID().slice(0, 8)}`,
  type: 'ACCREC',
  status: 'AUTHORISED',
  contactId: c.xeroContactId,
  contactName: c.name,
  currency: 'USD',
  date: '2026-11-01',
  dueDate: '2026-12-01',
  subTotal: 500,
  totalTax: 0,
  total: 500,
  amountDue: 500 - paid,
  amountPaid: paid,
  amountCredited: 0,
  lines: [
    { description: 'Audit', quantity: 1, unitAmount: 500, lineAmount: 500, taxAmount: 0, tracking: [] },
  ],
  paymentIds: paid > 0 ? ['pay-' + randomUUID()] : [],
  payments: paid > 0 ? [{ xeroPaymentId: randomUUID(), amount: paid, date: '2026-11-02' }] : [],
  updatedAt: '2026-11-02T10:00:00Z',
});

export function dealPlan(c: CanonicalContact, i: CanonicalInvoice): UpsertDealPlan {
  const planned = planXeroRecord(
    { kind: 'invoice', invoice: i, contact: c },
    mappingSettingsSchema.parse({}),
  );
  if (planned.kind !== 'upsert_deal') throw new Error(`planned ${planned.kind}`);
  return planned;
}
