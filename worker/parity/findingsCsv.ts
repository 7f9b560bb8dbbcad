import type { ParityFindingRow } from './parityStore';

const COLUMNS: Array<[string, (f: ParityFindingRow) => string | null]> = [
  ['run_id', (f) => f.run_id],
  ['kind', (f) => f.kind],
  ['entity', (f) => f.entity],
  ['field', (f) => f.field],
  ['xero_id', (f) => f.xero_id],
  ['xero_record', (f) => f.xero_label],
  ['xero_value', (f) => f.xero_value],
  ['crm_id', (f) => f.crm_id],
  ['crm_value', (f) => f.crm_value],
  ['message', (f) => f.message],
  ['finding_key', (f) => f.finding_key],
];

/**
 * Findings as CSV for finance (RFC 4180: CRLF lines, fields quoted when they need it). A leading
 * `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet shows the value instead of running it.
 */
export function findingsCsv(findings: ParityFindingRow[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const finding of findings) lines.push(COLUMNS.map(([, value]) => csvField(value(finding))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
