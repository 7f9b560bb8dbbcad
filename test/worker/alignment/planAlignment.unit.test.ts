import { planAlignment } from '../../../worker/alignment/planAlignment';
import type { RowDecision } from '../../../worker/alignment/validateWorkbook';

const decision = (row: number, xeroContactId: string, d: RowDecision['decision']): RowDecision => ({
  row,
  xeroTenantId: 't',
  crmConnectionId: 'c',
  xeroContactId,
  xeroName: `Customer ${row}`,
  decision: d,
});

describe('planAlignment', () => {
  const links = new Map([
    ['x-linked', '001A'],
    ['x-other', '001B'],
  ]);
  const plan = planAlignment(
    [
      decision(2, 'x-linked', { kind: 'link', crmId: '001A' }),
      decision(3, 'x-linked2', { kind: 'link', crmId: '001B' }),
      decision(4, 'x-other', { kind: 'link', crmId: '001C' }),
      decision(5, 'x-new', { kind: 'link', crmId: '001D' }),
      decision(6, 'x-new2', { kind: 'create' }),
      decision(7, 'x-linked', { kind: 'create' }),
      decision(8, 'x-other', { kind: 'ignore' }),
      decision(9, 'x-new3', { kind: 'ignore', reason: 'staff' }),
    ],
    () => links,
  );

  it('tells apart what would change, what is already so and what would be refused', () => {
    expect(plan.map((p) => [p.row, p.kind])).toEqual([
      [2, 'unchanged'],
      [3, 'conflict'],
      [4, 'conflict'],
      [5, 'link'],
      [6, 'create'],
      [7, 'unchanged'],
      [8, 'conflict'],
      [9, 'ignore'],
    ]);
    expect(plan[1]?.text).toBe('001B is linked to Xero contact x-other: refused');
    expect(plan[7]?.text).toBe('ignore "Customer 9" (x-new3) (staff)');
  });
});
