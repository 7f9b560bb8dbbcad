import { stripeEventSchema } from '../../../worker/webhooks/stripeEventSchema';
import { stripeObjectKeyOf, stripeObjectWorkflowId } from '../../../worker/webhooks/stripeObjectKey';
import { charge, event, invoice, paymentIntent, subscription, T0 } from './stripeEvents';

const parse = (e: object) => stripeEventSchema.parse(e);

describe('stripeEventSchema', () => {
  it('keeps the fields Ledgerbridge relies on and drops the rest', () => {
    const parsed = parse(event('charge.refunded', charge('ch_K1', 'pi_K1'), T0));
    expect(parsed.data.object).toEqual({
      id: 'ch_K1',
      object: 'charge',
      amount: 12_500,
      amount_refunded: 12_500,
      currency: 'nzd',
      refunded: true,
      customer: 'cus_Test1',
      payment_intent: 'pi_K1',
      metadata: {},
    });
  });

  it('takes an expanded reference as its ID', () => {
    const expanded = charge('ch_K2', null);
    const parsed = parse(
      event(
        'charge.refunded',
        { ...expanded, payment_intent: { id: 'pi_K2', object: 'payment_intent' } },
        T0,
      ),
    );
    expect(parsed.data.object).toMatchObject({ payment_intent: 'pi_K2' });
  });

  it("reads a subscription's period end on its items or (older API versions) on the subscription", () => {
    const onItems = parse(event('customer.subscription.updated', subscription('sub_K1'), T0));
    expect(onItems.data.object).toMatchObject({
      items: { data: [{ current_period_end: T0 + 30 * 86_400 }] },
    });
    const older = { ...subscription('sub_K2'), current_period_end: T0 + 99 };
    expect(parse(event('customer.subscription.updated', older, T0)).data.object).toMatchObject({
      current_period_end: T0 + 99,
    });
  });

  it.each([
    ['an event ID without evt_', { id: 'xyz_1' }, 'id'],
    ['a type its object does not match', { type: 'invoice.paid' }, 'data.object.object'],
    [
      'an uppercase currency',
      { data: { object: paymentIntent('pi_K3', 'succeeded', { currency: 'NZD' }) } },
      'data.object.currency',
    ],
    [
      'an object ID that could break a workflow ID',
      { data: { object: paymentIntent('pi_K4:x/y', 'succeeded') } },
      'data.object.id',
    ],
    [
      'a fractional amount',
      { data: { object: paymentIntent('pi_K5', 'succeeded', { amount: 1.5 }) } },
      'data.object.amount',
    ],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const result = stripeEventSchema.safeParse({
      ...event('payment_intent.succeeded', paymentIntent('pi_K0', 'succeeded'), T0),
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});

describe('stripeObjectKeyOf', () => {
  const id = (e: object) => stripeObjectWorkflowId('inst-1', stripeObjectKeyOf(parse(e)));

  it("puts a payment's refund and dispute with its payment intent, else with the charge", () => {
    expect(
      id(event('payment_intent.payment_failed', paymentIntent('pi_A', 'requires_payment_method'), T0)),
    ).toBe('stripe:inst-1:payment_intent:pi_A');
    expect(id(event('charge.refunded', charge('ch_A', 'pi_A'), T0))).toBe(
      'stripe:inst-1:payment_intent:pi_A',
    );
    expect(id(event('charge.refunded', charge('ch_B', null), T0))).toBe('stripe:inst-1:charge:ch_B');
    const dispute = {
      id: 'dp_A',
      object: 'dispute',
      amount: 500,
      currency: 'nzd',
      charge: 'ch_C',
      payment_intent: null,
      reason: 'fraudulent',
      status: 'needs_response',
    };
    expect(id(event('charge.dispute.created', dispute, T0))).toBe('stripe:inst-1:charge:ch_C');
    expect(id(event('charge.dispute.created', { ...dispute, payment_intent: 'pi_C' }, T0))).toBe(
      'stripe:inst-1:payment_intent:pi_C',
    );
  });

  it('gives invoices and subscriptions their own, the ID kept as Stripe cases it', () => {
    expect(id(event('invoice.payment_failed', invoice('in_AbC', 1), T0))).toBe(
      'stripe:inst-1:invoice:in_AbC',
    );
    expect(id(event('customer.subscription.deleted', subscription('sub_XyZ'), T0))).toBe(
      'stripe:inst-1:subscription:sub_XyZ',
    );
  });
});
