import { randomBytes, randomUUID } from 'node:crypto';
import { SandboxClock } from '../../../sandbox/core/clock';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createSheetsEmulator, type SheetsEmulator, type SheetsQuota } from '../../../sandbox/sheets';
import { AuditLog } from '../../../worker/audit/auditLog';
import { AuditSheetOutbox } from '../../../worker/auditSheet/auditSheetOutbox';
import { AuditSheetSettings } from '../../../worker/auditSheet/auditSheetSettings';
import type { AuditSheetDrainDeps } from '../../../worker/auditSheet/drainAuditSheetBatch';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { createAuditSheetApi } from '../../../worker/connectors/sheets/auditSheetApi';
import type { Store, StoreKind } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/** A store with one installation (a Xero organisation and a Salesforce org) and a sandbox sheet. */
export interface AuditSheetHarness {
  store: Store;
  emulator: SheetsEmulator;
  server: SandboxServer;
  installationId: string;
  xeroTenantId: string;
  crmConnectionId: string;
  spreadsheetId: string;
  deps: AuditSheetDrainDeps;
  /** Column A of the sheet's Audit tab, as stored by the emulator. */
  columnA(): string[];
  close(): Promise<void>;
}

export async function startAuditSheetHarness(
  options: { quota?: SheetsQuota; store?: StoreKind } = {},
): Promise<AuditSheetHarness> {
  const store = await createTestStore(options.store ?? 'pglite');
  const emulator = createSheetsEmulator({
    clock: new SandboxClock(),
    ...(options.quota ? { quota: options.quota } : {}),
  });
  const server = await startSandboxServer(emulator);
  const installation = await store.db
    .insertInto('installations')
    .values({ slug: `audit-${randomBytes(3).toString('hex')}`, name: 'Audit sheet test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const xeroTenantId = randomUUID();
  const connection = (vendor: 'xero' | 'salesforce', externalId: string) =>
    store.db
      .insertInto('connections')
      .values({ vendor, external_id: externalId, installation_id: installation.id, credentials: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
  await connection('xero', xeroTenantId);
  const crm = await connection('salesforce', `00D${randomBytes(6).toString('hex')}`);
  const box = new SecretBox(parseKeyring(`t:${randomBytes(32).toString('base64')}`));
  const settings = new AuditSheetSettings(store.db, box);
  const { spreadsheetId, key } = emulator.seedDataset();
  await settings.save({ installationId: installation.id, spreadsheetId, tab: 'Audit', key, by: 'test' });
  const deps: AuditSheetDrainDeps = {
    settings,
    outbox: new AuditSheetOutbox(store.db),
    audit: new AuditLog(store.db),
    apiFor: (k) =>
      createAuditSheetApi({ key: k, endpoints: { mode: 'sandbox', baseUrl: server.url }, timeoutMs: 5_000 }),
    now: () => new Date(emulator.clock.now()),
  };
  return {
    store,
    emulator,
    server,
    installationId: installation.id,
    xeroTenantId,
    crmConnectionId: crm.id,
    spreadsheetId,
    deps,
    columnA: () =>
      (emulator.workbooks.get(spreadsheetId)?.tabs.get('Audit') ?? []).map((row) => String(row[0] ?? '')),
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

/** An invoice written to a CRM record: the audit row the sheet wants. */
export function invoiceWriteRow(h: AuditSheetHarness, n: number) {
  return {
    action: 'upsert_deal',
    outcome: 'succeeded' as const,
    actor: 'worker',
    workflowId: `xero:${h.xeroTenantId}:invoice:${n}`,
    subject: {
      xeroTenantId: h.xeroTenantId,
      xeroInvoiceId: randomUUID(),
      xeroInvoiceNumber: `INV-${String(n).padStart(5, '0')}`,
      crm: 'salesforce',
      crmConnectionId: h.crmConnectionId,
      crmRecordId: `006${String(n).padStart(12, '0')}`,
    },
  };
}
