import { z } from 'zod';
import type { PersonDecision } from '../sync/personLink';
import { ALIGNMENT_COLUMNS, type AlignmentColumn } from './alignmentRows';
import { parseDecisionCell, type CrmVendor } from './decisionCell';

/** One decision read from the workbook, with the spreadsheet row it came from (1 = the header). */
export interface RowDecision {
  row: number;
  xeroTenantId: string;
  crmConnectionId: string;
  xeroContactId: string;
  xeroName: string;
  decision: PersonDecision;
}

export interface CellError {
  row: number;
  column: string;
  message: string;
}

export interface WorkbookContext {
  /** The installation the workbook was exported for (its slug), as the CLI found it. */
  installation: string;
  xeroTenantIds: ReadonlySet<string>;
  crmConnections: ReadonlyMap<string, CrmVendor>;
}

const uuid = z.uuid();

/**
 * Every row checked before anything is applied: an error names its spreadsheet row and column (by
 * header and letter, as Excel and Google Sheets show them), and one error anywhere means nothing
 * is applied. Rows with a blank decision are left as they are. The same contact decided twice, or
 * one CRM record linked to two contacts, is an error on each row involved.
 */
export function validateWorkbook(
  table: readonly (readonly string[])[],
  context: WorkbookContext,
): { decisions: RowDecision[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const at = new Map<AlignmentColumn, number>();
  for (const column of ALIGNMENT_COLUMNS) {
    const i = header.indexOf(column);
    if (i < 0) errors.push({ row: 1, column, message: `the header has no "${column}" column` });
    else at.set(column, i);
  }
  if (errors.length > 0) return { decisions: [], errors };

  const letter = (column: AlignmentColumn) => columnName(at.get(column) ?? 0);
  const fail = (row: number, column: AlignmentColumn, message: string) =>
    errors.push({ row, column: `${column} (${letter(column)})`, message });

  const decisions: RowDecision[] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (column: AlignmentColumn) => (cells[at.get(column) ?? -1] ?? '').trim();
    if (cells.every((c) => c.trim() === '')) return;
    if (cell('installation') !== context.installation)
      fail(
        row,
        'installation',
        `"${cell('installation')}" is not ${context.installation}, the installation imported into`,
      );
    if (cell('decision') === '') return;

    const tenant = cell('xero_tenant_id').toLowerCase();
    const contactId = cell('xero_contact_id').toLowerCase();
    const crmConnectionId = cell('crm_connection_id').toLowerCase();
    const vendor = context.crmConnections.get(crmConnectionId);
    let ok = true;
    if (!context.xeroTenantIds.has(tenant)) {
      fail(row, 'xero_tenant_id', `"${tenant}" is not a Xero organisation of ${context.installation}`);
      ok = false;
    }
    if (!uuid.safeParse(contactId).success) {
      fail(row, 'xero_contact_id', `"${contactId}" is not a Xero contact ID (a UUID)`);
      ok = false;
    }
    if (!vendor) {
      fail(
        row,
        'crm_connection_id',
        `"${crmConnectionId}" is not a CRM connection of ${context.installation}`,
      );
      return;
    }
    const parsed = parseDecisionCell({
      decision: cell('decision'),
      reason: cell('reason'),
      vendor,
      status: cell('status'),
      crmId: cell('crm_id'),
    });
    if (!parsed.ok) return void fail(row, 'decision', parsed.message);
    if (ok && parsed.decision)
      decisions.push({
        row,
        xeroTenantId: tenant,
        crmConnectionId,
        xeroContactId: contactId,
        xeroName: cell('xero_name'),
        decision: parsed.decision,
      });
  });

  const seen = new Map<string, number>();
  const linkedTo = new Map<string, RowDecision[]>();
  for (const d of decisions) {
    const key = `${d.crmConnectionId} ${d.xeroTenantId} ${d.xeroContactId}`;
    const first = seen.get(key);
    if (first !== undefined)
      fail(d.row, 'decision', `Xero contact ${d.xeroContactId} was already decided on row ${first}`);
    else seen.set(key, d.row);
    if (d.decision.kind === 'link') {
      const crmKey = `${d.crmConnectionId} ${d.decision.crmId}`;
      linkedTo.set(crmKey, [...(linkedTo.get(crmKey) ?? []), d]);
    }
  }
  for (const rows of linkedTo.values())
    if (rows.length > 1)
      for (const d of rows)
        fail(
          d.row,
          'decision',
          `CRM record ${d.decision.kind === 'link' ? d.decision.crmId : ''} is linked on rows ${rows.map((r) => r.row).join(', ')}: a record links one Xero contact`,
        );
  errors.sort((a, b) => a.row - b.row);
  return { decisions: errors.length > 0 ? [] : decisions, errors };
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
