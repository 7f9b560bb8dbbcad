import type { AuditLog } from '../audit/auditLog';
import type { AuditSheetApi } from '../connectors/sheets/auditSheetApi';
import type { ServiceAccountKey } from '../connectors/sheets/serviceAccountKey';
import { sheetsCallError } from '../connectors/sheets/sheetsErrors';
import { auditSheetCells } from './auditSheetRow';
import type { AuditSheetOutbox } from './auditSheetOutbox';
import type { AuditSheetSettings } from './auditSheetSettings';

export interface AuditSheetDrainDeps {
  settings: AuditSheetSettings;
  outbox: AuditSheetOutbox;
  audit: AuditLog;
  /** The Sheets client of an installation's service account. */
  apiFor(key: ServiceAccountKey): AuditSheetApi;
  now(): Date;
}

/** What one drain step did; the workflow paces, backs off or waits on it. */
export type DrainOutcome =
  | { kind: 'disabled' }
  | { kind: 'idle' }
  | { kind: 'sent'; rows: number; alreadyThere: number; more: boolean }
  | { kind: 'throttled'; retryAfterMs: number | null }
  | { kind: 'refused'; message: string }
  | { kind: 'unknown'; message: string };

/**
 * Sends the oldest pending audit rows of an installation in one values.append. A batch that was
 * sent before without an answer may already be in the sheet: column A (the audit row IDs) is read
 * first, and only the rows not there are sent, so no row is written twice.
 */
export async function drainAuditSheetBatch(
  deps: AuditSheetDrainDeps,
  input: { installationId: string; batchSize: number; workflowId?: string },
): Promise<DrainOutcome> {
  const setting = await deps.settings.load(input.installationId);
  if (!setting) return { kind: 'disabled' };
  let pending = await deps.outbox.pending(input.installationId, input.batchSize);
  if (pending.length === 0) return { kind: 'idle' };
  const api = deps.apiFor(setting.key);
  let alreadyThere = 0;
  try {
    if (pending.some((p) => p.attempted)) {
      const inSheet = new Set(await api.readColumnA(setting.spreadsheetId, setting.tab));
      const found = pending.filter((p) => inSheet.has(p.audit.id)).map((p) => p.audit.id);
      await deps.outbox.markSent(found, deps.now());
      alreadyThere = found.length;
      pending = pending.filter((p) => !inSheet.has(p.audit.id));
    }
  } catch (err) {
    return failed(err);
  }
  const ids = pending.map((p) => p.audit.id);
  if (ids.length > 0) {
    await deps.outbox.markAttempted(ids, deps.now());
    try {
      await api.append(
        setting.spreadsheetId,
        setting.tab,
        pending.map((p) => auditSheetCells(p.audit)),
      );
    } catch (err) {
      const outcome = failed(err);
      // A refusal or a 429 is an answer: nothing was written, no need to read before the next try.
      if (outcome.kind !== 'unknown') await deps.outbox.clearAttempted(ids);
      if (outcome.kind === 'refused')
        await deps.audit.record({
          action: 'audit_sheet_refused',
          outcome: 'failed',
          actor: 'worker',
          ...(input.workflowId ? { workflowId: input.workflowId } : {}),
          subject: { installationId: input.installationId, spreadsheetId: setting.spreadsheetId },
          detail: { error: outcome.message },
        });
      return outcome;
    }
    await deps.outbox.markSent(ids, deps.now());
    await deps.audit.record({
      action: 'audit_sheet_appended',
      outcome: 'succeeded',
      actor: 'worker',
      ...(input.workflowId ? { workflowId: input.workflowId } : {}),
      subject: { installationId: input.installationId, spreadsheetId: setting.spreadsheetId },
      detail: { rows: ids.length, alreadyThere, first: ids[0] ?? null, last: ids[ids.length - 1] ?? null },
    });
  }
  return {
    kind: 'sent',
    rows: ids.length,
    alreadyThere,
    more: pending.length + alreadyThere >= input.batchSize,
  };
}

function failed(err: unknown): Extract<DrainOutcome, { kind: 'throttled' | 'refused' | 'unknown' }> {
  const error = sheetsCallError(err);
  if (error.kind === 'throttled') return { kind: 'throttled', retryAfterMs: error.retryAfterMs ?? null };
  return { kind: error.kind, message: error.message };
}
