import { defineSignal } from '@temporalio/workflow';

/** One drain per installation. */
export const auditSheetWorkflowId = (installationId: string): string => `audit-sheet:${installationId}`;

/** Sent when the sheet is enabled or changed: drain now instead of at the next idle look. */
export const auditSheetWakeSignal = defineSignal('auditSheetWake');
