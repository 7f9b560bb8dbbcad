import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ALIGNMENT_COLUMNS, type AlignmentRow } from './alignmentRows';

export type WorkbookFormat = 'csv' | 'xlsx';

/** The sheet people edit; the others are for reading alongside it. */
export const ALIGNMENT_SHEET = 'Alignment';

/** Extra sheets of the XLSX workbook (a CSV holds the alignment table alone). */
export interface ReferenceSheet {
  name: string;
  table: string[][];
}

export function formatOf(file: string): WorkbookFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.xlsx$/i.test(file)) return 'xlsx';
  return undefined;
}

export function writeWorkbook(
  rows: readonly AlignmentRow[],
  format: WorkbookFormat,
  references: readonly ReferenceSheet[] = [],
): Buffer {
  const table = [[...ALIGNMENT_COLUMNS], ...rows.map((r) => ALIGNMENT_COLUMNS.map((c) => r[c]))];
  if (format === 'csv')
    // The BOM makes Excel read UTF-8; cells that Excel would run as formulas are quoted as text.
    return Buffer.from(
      stringify(
        table.map((cells) => cells.map(defuseFormula)),
        { bom: true },
      ),
    );
  const book = XLSX.utils.book_new();
  for (const sheet of [{ name: ALIGNMENT_SHEET, table }, ...references]) {
    // Every cell a string (type 's'): nothing is evaluated, and record IDs stay as written.
    const ws = XLSX.utils.aoa_to_sheet(sheet.table, { cellDates: false });
    ws['!cols'] = (sheet.table[0] ?? []).map((_, i) => ({
      wch: Math.min(48, Math.max(10, ...sheet.table.slice(0, 200).map((r) => (r[i] ?? '').length))),
    }));
    XLSX.utils.book_append_sheet(book, ws, sheet.name);
  }
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/**
 * The alignment table as text cells, row 0 the header, so index + 1 is the row number people see.
 * An XLSX workbook is read from its Alignment sheet (else its first); numbers a spreadsheet made
 * of typed IDs come back as the text it shows.
 */
export function readWorkbook(bytes: Buffer, format: WorkbookFormat): string[][] {
  if (format === 'csv') {
    const rows: unknown = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false });
    return (rows as string[][]).map((cells) => cells.map(undoDefuse));
  }
  const book = XLSX.read(bytes, { type: 'buffer', cellFormula: false, cellHTML: false });
  const name = book.SheetNames.includes(ALIGNMENT_SHEET) ? ALIGNMENT_SHEET : book.SheetNames[0];
  const sheet = name ? book.Sheets[name] : undefined;
  if (!sheet) return [];
  const ref = sheet['!ref'];
  if (ref) {
    // Read from A1 whatever the first used cell, so row numbers match what people see.
    const range = XLSX.utils.decode_range(ref);
    sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: range.e });
  }
  const rows: unknown[][] = XLSX.utils.sheet_to_json(sheet, {
    header: 1,
    raw: false,
    defval: '',
    blankrows: true,
  });
  return rows.map((cells) => cells.map((c) => (typeof c === 'string' ? c : String(c ?? ''))));
}

const FORMULA_START = /^[=+\-@\t\r]/;

function defuseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function undoDefuse(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
