/**
 * The A1 notation the audit sheet uses: `Sheet`, `Sheet!A:K`, `Sheet!A1:K`, `'My sheet'!A2:A`.
 * Columns are letters (A = 0), rows 1-based; an open end runs to the sheet's last row or column.
 */
export interface A1Range {
  sheet: string;
  startColumn: number;
  endColumn: number | undefined;
  startRow: number;
  endRow: number | undefined;
}

const CELL = /^([A-Z]+)?(\d+)?$/;

export function parseA1(range: string): A1Range | undefined {
  const bang = range.lastIndexOf('!');
  const rawSheet = bang < 0 ? range : range.slice(0, bang);
  const cells = bang < 0 ? '' : range.slice(bang + 1);
  const sheet = /^'.*'$/.test(rawSheet) ? rawSheet.slice(1, -1).replaceAll("''", "'") : rawSheet;
  if (sheet === '') return undefined;
  if (cells === '') return { sheet, startColumn: 0, endColumn: undefined, startRow: 1, endRow: undefined };
  const [from, to, extra] = cells.split(':');
  if (extra !== undefined || from === undefined) return undefined;
  const start = CELL.exec(from);
  const end = to === undefined ? start : CELL.exec(to);
  if (!start || !end || (start[1] === undefined && start[2] === undefined)) return undefined;
  return {
    sheet,
    startColumn: start[1] ? columnIndex(start[1]) : 0,
    endColumn: end[1] ? columnIndex(end[1]) : undefined,
    startRow: start[2] ? Number(start[2]) : 1,
    endRow: end[2] ? Number(end[2]) : undefined,
  };
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** How Google writes a range back: the title quoted when it is not a plain word. */
export function formatA1(
  sheet: string,
  fromCol: number,
  fromRow: number,
  toCol: number,
  toRow: number,
): string {
  const title = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
  return `${title}!${columnLetters(fromCol)}${fromRow}:${columnLetters(toCol)}${toRow}`;
}
