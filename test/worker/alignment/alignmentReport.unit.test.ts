import { importSummary } from '../../../worker/alignment/alignmentReport';
import type { AlignmentImport } from '../../../worker/alignment/importAlignment';

const plan: AlignmentImport['plan'] = [
  { row: 2, kind: 'link', text: 'link "Globex" (x) to CRM record 001A' },
  { row: 3, kind: 'unchanged', text: '"Acme" (y) is already linked to 001B' },
  { row: 4, kind: 'conflict', text: '001C is linked to Xero contact z: refused' },
];

describe('importSummary', () => {
  it('lists every error by row and column, and says nothing was applied', () => {
    const text = importSummary(
      {
        installation: 'acme',
        plan: [],
        errors: [{ row: 7, column: 'decision (P)', message: '"merge" is not a decision' }],
      },
      false,
    );
    expect(text.split('\n')).toEqual([
      '1 error(s); nothing was applied:',
      '  row 7, column decision (P): "merge" is not a decision',
    ]);
  });

  it('shows the changes (not what is already so) and, on a dry run, that nothing was applied', () => {
    const text = importSummary({ installation: 'acme', plan, errors: [] }, true);
    expect(text.split('\n')).toEqual([
      'acme: 3 decision(s): 1 link, 0 create, 0 ignore, 1 already so, 1 conflict',
      '  row 2: link "Globex" (x) to CRM record 001A',
      '  row 4: 001C is linked to Xero contact z: refused',
      'Dry run: nothing was applied.',
    ]);
  });

  it('ends with the outcomes and each refused row', () => {
    const text = importSummary(
      {
        installation: 'acme',
        plan,
        errors: [],
        applied: {
          outcomes: { linked: 1, created: 0, ignored: 0, unchanged: 1 },
          failed: [{ row: 4, message: 'CRM record 001C is already linked to Xero contact z' }],
        },
      },
      false,
    );
    expect(text.split('\n').slice(-2)).toEqual([
      'Applied: 1 linked, 0 created, 0 ignored, 1 unchanged, 1 failed.',
      '  row 4: CRM record 001C is already linked to Xero contact z',
    ]);
  });
});
