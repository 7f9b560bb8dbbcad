import { formatA1, type A1Range } from './a1Range';
import { googleError } from './googleErrors';

export type CellValue = string | number | boolean;

export interface Workbook {
  spreadsheetId: string;
  title: string;
  /** Tab title → rows of cells (row 1 first); a tab's grid grows as rows are appended. */
  tabs: Map<string, CellValue[][]>;
  /** Service account emails the spreadsheet is shared with (as an editor). */
  editors: Set<string>;
}

/** The spreadsheets of the sandbox and the two value operations the audit sheet needs. */
export class Workbooks {
  private readonly byId = new Map<string, Workbook>();

  create(input: { spreadsheetId: string; title: string; tabs: string[]; editors: string[] }): Workbook {
    const workbook: Workbook = {
      spreadsheetId: input.spreadsheetId,
      title: input.title,
      tabs: new Map(input.tabs.map((t) => [t, []])),
      editors: new Set(input.editors),
    };
    this.byId.set(input.spreadsheetId, workbook);
    return workbook;
  }

  /** The workbook, when it exists and `email` may edit it (404 / 403 otherwise, as Google). */
  open(spreadsheetId: string, email: string): Workbook {
    const workbook = this.byId.get(spreadsheetId);
    if (!workbook) throw googleError('NOT_FOUND', 'Requested entity was not found.');
    if (!workbook.editors.has(email))
      throw googleError('PERMISSION_DENIED', 'The caller does not have permission');
    return workbook;
  }

  get(spreadsheetId: string): Workbook | undefined {
    return this.byId.get(spreadsheetId);
  }

  all(): Workbook[] {
    return [...this.byId.values()];
  }

  reset(): void {
    this.byId.clear();
  }
}

export function tabOf(workbook: Workbook, range: A1Range, raw: string): CellValue[][] {
  const rows = workbook.tabs.get(range.sheet);
  if (!rows) throw googleError('INVALID_ARGUMENT', `Unable to parse range: ${raw}`);
  return rows;
}

/** values.get: the cells of the range, rows first, trailing empty rows and cells left out. */
export function readRange(rows: CellValue[][], range: A1Range): { range: string; values: CellValue[][] } {
  const lastRow = range.endRow ?? Math.max(rows.length, 1000);
  const values: CellValue[][] = [];
  for (let r = range.startRow; r <= Math.min(lastRow, rows.length); r++) {
    const row = rows[r - 1] ?? [];
    const end = range.endColumn === undefined ? row.length : Math.min(row.length, range.endColumn + 1);
    values.push(trimEnd(row.slice(range.startColumn, end)));
  }
  while (values.length > 0 && values[values.length - 1]?.length === 0) values.pop();
  const endColumn = range.endColumn ?? Math.max(25, ...rows.map((r) => r.length - 1));
  return { range: formatA1(range.sheet, range.startColumn, range.startRow, endColumn, lastRow), values };
}

/**
 * values.append: the new rows go after the last row holding data (the "table" Google finds in the
 * range), from the range's first column; answers the table's range and the written one.
 */
export function appendRows(
  rows: CellValue[][],
  range: A1Range,
  values: CellValue[][],
): {
  tableRange: string | undefined;
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
} {
  let last = rows.length;
  while (last > 0 && (rows[last - 1] ?? []).every((c) => c === '')) last--;
  const width = Math.max(0, ...values.map((v) => v.length));
  const firstNew = last + 1;
  values.forEach((value, i) => {
    const row: CellValue[] = new Array<CellValue>(range.startColumn).fill('');
    row.push(...value);
    rows[last + i] = row;
  });
  const endColumn = range.startColumn + Math.max(width, 1) - 1;
  return {
    tableRange: last === 0 ? undefined : formatA1(range.sheet, range.startColumn, 1, endColumn, last),
    updatedRange: formatA1(range.sheet, range.startColumn, firstNew, endColumn, firstNew + values.length - 1),
    updatedRows: values.length,
    updatedColumns: width,
    updatedCells: values.reduce((n, v) => n + v.length, 0),
  };
}

function trimEnd(cells: CellValue[]): CellValue[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}
