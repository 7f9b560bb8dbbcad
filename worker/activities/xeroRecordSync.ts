import { ApplicationFailure, Context } from '@temporalio/activity';
import { planXeroRecord } from '../../workflows/xero/planXeroRecord';
import type { XeroRecordCategory } from '../../workflows/xero/recordIds';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import type { FetchedXeroRecord } from '../../workflows/xero/planXeroRecord';
import type { AppliedXeroRecord, ApplyInput } from './xeroApply';
import type { FetchInput } from './xeroSync';

/** Tries of a failing settings read before the record waits for a person (as settingsRead's 5). */
const SETTINGS_ATTEMPTS = 5;

export interface XeroRecordSyncResult {
  outcome: 'applied' | 'skipped' | 'no_crm_connected' | 'shadowed';
  /** What the plan was (upsert_deal, upsert_account, resync_invoices, skip), for the history. */
  planKind: string;
  xeroNumber?: string;
  crmRecordIds: string[];
}

/** The steps one sync is made of (xeroSync.ts gives them, with the organisation's lookups remembered). */
export interface XeroRecordSyncSteps {
  fetch(input: FetchInput): Promise<FetchedXeroRecord>;
  settings(tenantId: string): Promise<MappingSettings>;
  apply(input: ApplyInput): Promise<AppliedXeroRecord>;
  /** After a record was applied (or shadowed): hands an invoice on to delivery (issue #23). */
  afterApply?(input: {
    tenantId: string;
    fetched: FetchedXeroRecord;
    settings: MappingSettings;
    applied: AppliedXeroRecord;
  }): Promise<void>;
}

/**
 * One sync of a Xero record in one local activity: fetch the record and the mapping settings side
 * by side, plan (the same pure planXeroRecord the workflow used to run) and apply. Three local
 * activities per sync cost the worker three workflow activations, the settings and the plan
 * serialised through the workflow twice, and a VM entry guarded by a watchdog thread each; one costs
 * one. Every step is idempotent, so a retry repeats the whole sync against the record as it is then.
 */
export function syncXeroRecordWith(steps: XeroRecordSyncSteps) {
  return async (input: {
    tenantId: string;
    category: XeroRecordCategory;
    resourceId: string;
    workflowId: string;
    runId: string;
  }): Promise<XeroRecordSyncResult> => {
    const [fetched, settings] = await Promise.all([
      steps.fetch(input),
      steps.settings(input.tenantId).catch((err: unknown) => {
        throw settingsGivenUp(err);
      }),
    ]);
    const plan = planXeroRecord(fetched, settings);
    const applied = await steps.apply({
      tenantId: input.tenantId,
      plan,
      settings,
      workflowId: input.workflowId,
      runId: input.runId,
    });
    await steps.afterApply?.({ tenantId: input.tenantId, fetched, settings, applied });
    return {
      outcome: applied.outcome,
      planKind: plan.kind,
      ...(plan.kind === 'upsert_deal' ? { xeroNumber: plan.invoice.number } : {}),
      crmRecordIds: applied.crmRecordIds,
    };
  };
}

/**
 * A settings read that keeps failing (stored settings that no longer validate, or the store down) is
 * tried a few times, then the record waits for a person at once, naming the fields, rather than
 * after the whole sync's ten-minute budget of tries.
 */
function settingsGivenUp(err: unknown): unknown {
  if (Context.current().info.attempt < SETTINGS_ATTEMPTS) return err;
  if (err instanceof ApplicationFailure) return ApplicationFailure.nonRetryable(err.message, err.type);
  const error = err instanceof Error ? err : new Error(String(err));
  return ApplicationFailure.nonRetryable(error.message, error.name);
}

export interface XeroRecordSyncActivities {
  syncXeroRecord: ReturnType<typeof syncXeroRecordWith>;
}
