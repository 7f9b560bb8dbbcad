import { findingsCsv } from '../../../worker/parity/findingsCsv';
import type { ParityFindingRow } from '../../../worker/parity/parityStore';

const finding = (overrides: Partial<ParityFindingRow> = {}): ParityFindingRow => ({
  run_id: 'run-1',
  finding_key: 'field_mismatch:invoice:x:d:amount',
  kind: 'field_mismatch',
  entity: 'invoice',
  field: 'amount',
  xero_id: 'x',
  xero_label: 'INV-1 (x)',
  xero_value: '115.00',
  crm_id: 'd',
  crm_value: '116.00',
  message: 'amount differs on INV-1 (x): Xero 115.00, CRM deal d 116.00.',
  ...overrides,
});

describe('findingsCsv', () => {
  it('writes a header and one CRLF line per finding, empty cells for missing values', () => {
    const csv = findingsCsv([
      finding(),
      finding({ kind: 'orphaned_link', field: null, xero_id: null, xero_label: null, xero_value: null }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'run_id,kind,entity,field,xero_id,xero_record,xero_value,crm_id,crm_value,message,finding_key',
    );
    expect(lines[1]).toBe(
      'run-1,field_mismatch,invoice,amount,x,INV-1 (x),115.00,d,116.00,"amount differs on INV-1 (x): Xero 115.00, CRM deal d 116.00.",field_mismatch:invoice:x:d:amount',
    );
    expect(lines[2]).toMatch(/^run-1,orphaned_link,invoice,,,,,d,/);
    expect(lines[3]).toBe('');
  });

  it('quotes quotes and newlines, and defuses spreadsheet formulas', () => {
    const csv = findingsCsv([finding({ crm_value: '=HYPERLINK("x")', message: 'line one\nline "two"' })]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"line one\nline ""two"""');
  });
});
