import * as XLSX from '@e965/xlsx';
import { ALIGNMENT_COLUMNS, emptyRow } from '../../../worker/alignment/alignmentRows';
import { readWorkbook, writeWorkbook, type WorkbookFormat } from '../../../worker/alignment/workbookFiles';

const row = Object.assign(emptyRow(), {
  installation: 'acme',
  xero_contact_id: '00000000-0000-4000-8000-000000000001',
  xero_name: '=HYPERLINK("http://evil.example","Zoë & Søn, ""Ltd""")',
  crm_id: '0012345',
  candidates: '001A (ACME); 001B (Acme\nLimited)',
  why: '+1 more',
});

describe('workbook files', () => {
  it.each<WorkbookFormat>(['csv', 'xlsx'])('%s: reads back exactly what was written', (format) => {
    const table = readWorkbook(writeWorkbook([row, emptyRow()], format), format);
    expect(table[0]).toEqual([...ALIGNMENT_COLUMNS]);
    expect(table[1]).toEqual(ALIGNMENT_COLUMNS.map((c) => row[c]));
    expect(table).toHaveLength(3);
  });

  it('csv: starts with a BOM for Excel and quotes formula-looking cells as text', () => {
    const text = writeWorkbook([row], 'csv').toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(`"'=HYPERLINK(`);
    expect(text).toContain(`'+1 more`);
  });

  it('xlsx: holds every cell as text, with both sides and the how-to on their own sheets', () => {
    const bytes = writeWorkbook([row], 'xlsx', [{ name: 'CRM accounts', table: [['crm_id'], ['001A']] }]);
    const book = XLSX.read(bytes, { type: 'buffer' });
    expect(book.SheetNames).toEqual(['Alignment', 'CRM accounts']);
    const sheet = book.Sheets.Alignment;
    expect(sheet?.E2).toMatchObject({ t: 's', v: row.xero_name });
    expect(sheet?.E2?.f).toBeUndefined();
  });

  it('xlsx: an ID a person typed as a number comes back as the digits shown', () => {
    const sheet = XLSX.utils.aoa_to_sheet([['decision'], ['link'], [18446744]]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Alignment');
    const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    expect(readWorkbook(bytes, 'xlsx')).toEqual([['decision'], ['link'], ['18446744']]);
  });
});
