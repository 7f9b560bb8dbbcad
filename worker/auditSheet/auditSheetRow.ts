import type { AuditRow } from '../store/schema';

/** The sheet's columns; A holds the audit row ID, the key that keeps a row from being written twice. */
export const AUDIT_SHEET_COLUMNS = [
  'Audit ID',
  'When (UTC)',
  'Action',
  'Outcome',
  'Actor',
  'Xero invoice',
  'Xero invoice ID',
  'CRM',
  'CRM record',
  'Workflow',
] as const;

/** One audit row as the sheet's cells (RAW strings: nothing the sheet would reinterpret). */
export function auditSheetCells(
  row: Pick<AuditRow, 'id' | 'occurred_at' | 'action' | 'outcome' | 'actor' | 'subject' | 'workflow_id'>,
): string[] {
  const subject = row.subject;
  const text = (key: string) => {
    const value = subject[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  return [
    row.id,
    row.occurred_at.toISOString(),
    row.action,
    row.outcome,
    row.actor,
    text('xeroInvoiceNumber'),
    text('xeroInvoiceId'),
    text('crm'),
    text('crmRecordId') || text('crmDealId'),
    row.workflow_id ?? '',
  ];
}
