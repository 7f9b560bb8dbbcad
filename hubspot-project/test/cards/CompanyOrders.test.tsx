import { DescriptionListItem } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyOrders } from '../../src/app/cards/components/CompanyOrders';
import { textOf } from '../support/textOf';

/** A renderer whose record has exactly these property values (the rest empty). */
function recordWith(values: Record<string, string>) {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.useCrmProperties.willCall((names: string[]) => ({
    properties: Object.fromEntries(names.map((n) => [n, values[n] ?? null])),
    error: null,
    isLoading: false,
    isRefetching: false,
    refetch: () => Promise.resolve(),
  }));
  const item = (label: string) => textOf(renderer.find(DescriptionListItem, { label }));
  return { renderer, item };
}

describe('company order lines', () => {
  it('show monthly billing, what waits for the month-end invoice and the last order', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_monthly_billing: 'true',
      ledgerbridge_orders_awaiting_billing: '3',
      ledgerbridge_orders_awaiting_amount: '1234.5',
      ledgerbridge_last_order: 'W-1042 · awaiting month end · 2026-11-03',
    });
    renderer.render(<CompanyOrders />);
    expect(item('Orders billed')).toBe('Monthly, on account');
    expect(item('Awaiting month-end invoice')).toBe('3 orders, 1,234.50');
    expect(item('Last order')).toBe('W-1042 · awaiting month end · 2026-11-03');
  });

  it('show a card-paying company its last order without a month-end line', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_monthly_billing: 'false',
      ledgerbridge_last_order: 'W-1043 · invoiced INV-0108 · 2026-11-04',
    });
    renderer.render(<CompanyOrders />);
    expect(item('Orders billed')).toBe('At once, paid by card');
    expect(renderer.maybeFind(DescriptionListItem, { label: 'Awaiting month-end invoice' })).toBeNull();
    expect(item('Last order')).toBe('W-1043 · invoiced INV-0108 · 2026-11-04');
  });

  it('show nothing on a company that never ordered and is not ticked', () => {
    const { renderer } = recordWith({});
    renderer.render(<CompanyOrders />);
    expect(renderer.maybeFind(DescriptionListItem)).toBeNull();
  });
});
