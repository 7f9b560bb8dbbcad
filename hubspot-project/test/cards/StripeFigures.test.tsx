import { DescriptionListItem, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyFigures } from '../../src/app/cards/components/CompanyFigures';
import { DealPayments } from '../../src/app/cards/components/DealPayments';
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

describe('deal Stripe payment lines', () => {
  it('show the failed payment with its retry and decline, and the subscription value', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_payment_status: 'failed',
      ledgerbridge_next_payment_attempt: '2026-11-05T09:00:00.000Z',
      ledgerbridge_last_decline_code: 'insufficient_funds',
      ledgerbridge_refunded_amount: '0',
      stripe_subscription_status: 'past_due',
      ledgerbridge_subscription_arr: '14256',
      ledgerbridge_subscription_mrr: '1188',
      ledgerbridge_renewal_date: '2027-11-01',
      deal_currency_code: 'GBP',
    });
    renderer.render(<DealPayments />);
    expect(renderer.find(StatusTag).props.variant).toBe('warning');
    expect(item('Stripe payment')).toBe('Failed, will retry');
    expect(item('Next attempt')).toBe('5 Nov 2026, 09:00 UTC');
    expect(item('Last decline')).toBe('insufficient_funds');
    expect(renderer.maybeFind(DescriptionListItem, { label: 'Refunded' })).toBeNull();
    expect(renderer.maybeFind(DescriptionListItem, { label: 'Dispute' })).toBeNull();
    expect(item('Subscription')).toBe('past_due');
    expect(item('ARR')).toBe('GBP 14,256.00');
    expect(item('MRR')).toBe('GBP 1,188.00');
    expect(item('Renews on')).toBe('1 Nov 2027');
  });

  it('show a refund and an open dispute', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_payment_status: 'disputed',
      ledgerbridge_refunded_amount: '200.5',
      ledgerbridge_dispute_status: 'needs_response: fraudulent (1188.00)',
      deal_currency_code: 'USD',
    });
    renderer.render(<DealPayments />);
    expect(renderer.find(StatusTag).props.variant).toBe('danger');
    expect(item('Refunded')).toBe('USD 200.50');
    expect(item('Dispute')).toBe('needs_response: fraudulent (1188.00)');
    expect(renderer.maybeFind(DescriptionListItem, { label: 'Subscription' })).toBeNull();
  });

  it('show nothing on a deal Ledgerbridge wrote no Stripe state on', () => {
    const { renderer } = recordWith({ deal_currency_code: 'USD' });
    renderer.render(<DealPayments />);
    expect(renderer.maybeFind(DescriptionListItem)).toBeNull();
  });
});

describe('company subscription and receivables lines', () => {
  it('show the totals and the ageing with its date and DSO', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_subscription_arr: '24000',
      ledgerbridge_subscription_mrr: '2000',
      ledgerbridge_dso: '41.25',
      ledgerbridge_receivables_current: '500',
      ledgerbridge_receivables_1_30: '450.5',
      ledgerbridge_receivables_61_90: '300',
      ledgerbridge_receivables_as_of: '2026-11-22',
    });
    renderer.render(<CompanyFigures />);
    expect(item('Subscription ARR')).toBe('24,000.00');
    expect(item('Subscription MRR')).toBe('2,000.00');
    expect(renderer.findAll(Text).map((t) => textOf(t))).toContain('Receivables as of 22 Nov 2026');
    expect(item('Not yet due')).toBe('500.00');
    expect(item('1-30 days overdue')).toBe('450.50');
    expect(item('31-60 days overdue')).toBe('0.00');
    expect(item('61-90 days overdue')).toBe('300.00');
    expect(item('Over 90 days overdue')).toBe('0.00');
    expect(item('Days sales outstanding')).toBe('41.3');
  });

  it('take a date property given as midnight UTC, and show no DSO without sales', () => {
    const { renderer, item } = recordWith({
      ledgerbridge_receivables_as_of: '2026-11-22T00:00:00.000Z',
      ledgerbridge_receivables_current: '10',
    });
    renderer.render(<CompanyFigures />);
    expect(renderer.findAll(Text).map((t) => textOf(t))).toContain('Receivables as of 22 Nov 2026');
    expect(item('Days sales outstanding')).toBe('—');
    expect(renderer.maybeFind(DescriptionListItem, { label: 'Subscription ARR' })).toBeNull();
  });

  it('show nothing before Ledgerbridge wrote any figure', () => {
    const { renderer } = recordWith({});
    renderer.render(<CompanyFigures />);
    expect(renderer.maybeFind(DescriptionListItem)).toBeNull();
  });
});
