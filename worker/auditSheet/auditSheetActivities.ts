import { drainAuditSheetBatch, type AuditSheetDrainDeps, type DrainOutcome } from './drainAuditSheetBatch';

/** The drain workflow's one activity, built from its dependencies so tests inject the sandbox. */
export function createAuditSheetActivities(deps: AuditSheetDrainDeps | undefined) {
  return {
    async drainAuditSheet(input: {
      installationId: string;
      batchSize: number;
      workflowId?: string;
    }): Promise<DrainOutcome> {
      if (!deps) throw new Error('the audit sheet is not wired in this worker');
      return drainAuditSheetBatch(deps, input);
    },
  };
}

export type AuditSheetActivities = ReturnType<typeof createAuditSheetActivities>;
