import { parseAlignArgs } from '../../../worker/alignment/parseAlignArgs';

describe('parseAlignArgs', () => {
  it('exports XLSX by default, CSV when asked or when the file says so', () => {
    expect(parseAlignArgs(['export', 'acme'])).toEqual({
      name: 'export',
      installation: 'acme',
      format: 'xlsx',
      out: 'alignment-acme.xlsx',
    });
    expect(parseAlignArgs(['export', 'acme', '--out', 'a.csv'])).toMatchObject({
      format: 'csv',
      out: 'a.csv',
    });
    expect(parseAlignArgs(['export', 'acme', '--format', 'csv'])).toMatchObject({
      out: 'alignment-acme.csv',
    });
  });

  it('imports by the file extension, with --dry-run and --by', () => {
    expect(parseAlignArgs(['import', 'w.XLSX', '--dry-run', '--by', 'maria'])).toEqual({
      name: 'import',
      file: 'w.XLSX',
      format: 'xlsx',
      dryRun: true,
      by: 'maria',
    });
  });

  it.each([
    [['export'], 'installation slug'],
    [['export', 'acme', '--format', 'ods'], '--format: "ods"'],
    [['export', 'acme', '--format', 'xlsx', '--out', 'a.csv'], 'does not end in .xlsx'],
    [['import', 'w.ods'], 'neither .csv nor .xlsx'],
    [['import', 'w.csv', '--out', 'x'], 'import takes no --out'],
    [['sync'], 'usage:'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseAlignArgs(argv)).toThrow(message);
  });
});
