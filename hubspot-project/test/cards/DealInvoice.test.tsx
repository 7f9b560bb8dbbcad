import {
  Alert,
  Button,
  DescriptionListItem,
  EmptyState,
  ErrorState,
  Link,
  LoadingButton,
  LoadingSpinner,
  StatusTag,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { DealInvoice } from '../../src/app/cards/components/DealInvoice';
import type { DealCard, ResyncAnswer } from '../../src/app/cards/generated/cardData';
import { WorkerError } from '../../src/app/cards/lib/workerClient';
import { dealCard } from '../support/cardFactories';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';
import { accessibilityProblems } from '../support/accessibility';

/** Each test's renderer, checked for accessibility in the state the test leaves it in. */
let rendered: ReturnType<typeof createRenderer> | undefined;
afterEach(() => {
  const renderer = rendered;
  rendered = undefined;
  if (renderer) expect(accessibilityProblems(renderer)).toEqual([]);
});

function setup() {
  const loads: Array<Deferred<DealCard>> = [];
  const resyncs: Array<{ dealId: string; answer: Deferred<ResyncAnswer> }> = [];
  const source = {
    dealCard: () => {
      const answer = deferred<DealCard>();
      loads.push(answer);
      return answer.promise;
    },
    resyncDeal: (dealId: string) => {
      const answer = deferred<ResyncAnswer>();
      resyncs.push({ dealId, answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('crm.record.tab');
  rendered = renderer;
  const refreshRecord = jest.fn();
  const show = async (card: DealCard) => {
    renderer.render(<DealInvoice dealId={card.dealId} source={source} refreshRecord={refreshRecord} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.resolve(card);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const item = (label: string) => textOf(renderer.find(DescriptionListItem, { label }));
  return { renderer, source, loads, resyncs, show, item, refreshRecord };
}

describe('deal invoice card', () => {
  it('shows a spinner while the worker answers', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<DealInvoice dealId="2001" source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the Xero invoice…');
  });

  it('shows the invoice number (linking to Xero), status, amount due and paid', async () => {
    const { renderer, show, item } = setup();
    await show(dealCard());
    expect(item('Invoice')).toBe('INV-0099');
    expect(renderer.find(Link).props.href).toEqual({ url: 'https://in.xero.com/abc123', external: true });
    expect(item('Status')).toBe('AUTHORISED');
    expect(item('Amount due')).toBe('USD 750.00');
    expect(item('Amount paid')).toBe('USD 0.00');
    expect(renderer.maybeFind(Alert)).toBeNull();
    expect(renderer.maybeFind(StatusTag, (t) => textOf(t).startsWith('Failed payments'))).toBeNull();
  });

  it('lists each validation problem and explains that the won deal has no invoice yet', async () => {
    const { renderer, show } = setup();
    await show(
      dealCard({
        invoice: null,
        problems: [
          'Currency CAD is not enabled in the Xero organisation.',
          'The deal has no close date (it becomes the invoice date).',
        ],
      }),
    );
    const alert = renderer.find(Alert, { title: 'Not invoiced in Xero' });
    expect(alert.props.variant).toBe('danger');
    expect(textOf(alert)).toBe(
      'Currency CAD is not enabled in the Xero organisation.The deal has no close date (it becomes the invoice date).',
    );
    expect(renderer.find(EmptyState).props.title).toBe('No Xero invoice yet');
    expect(textOf(renderer.find(EmptyState))).toBe(
      'This deal is won but has no Xero invoice yet. Fix any problem above, then re-sync.',
    );
  });

  it('an open deal: says an invoice comes when it is won', async () => {
    const { renderer, show } = setup();
    await show(dealCard({ isWon: false, invoice: null, lastSync: null }));
    expect(textOf(renderer.find(EmptyState))).toBe('A Xero invoice is created when this deal is won.');
  });

  it('shows the failed-payment counter', async () => {
    const { renderer, show } = setup();
    await show(dealCard({ paymentRetryCount: 3 }));
    expect(textOf(renderer.find(StatusTag, (t) => textOf(t).startsWith('Failed payments')))).toBe(
      'Failed payments: 3',
    );
  });

  it('shows the worker’s refusal when the deal cannot be loaded', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<DealInvoice dealId="2001" source={source} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.reject(new WorkerError('No such deal in this HubSpot account.', 404, 'not_found'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(renderer.find(ErrorState))).toContain('No such deal in this HubSpot account.');
  });

  it('re-sync: the button asks the worker for this deal, spins meanwhile, then says the sync started', async () => {
    const { renderer, show, resyncs } = setup();
    await show(dealCard({ invoice: null, problems: ['The deal has no account / company to invoice.'] }));
    renderer.find(LoadingButton).trigger('onClick');
    await eventually(() => expect(resyncs).toHaveLength(1));
    expect(resyncs[0]!.dealId).toBe('2001');
    await eventually(() => expect(renderer.find(LoadingButton).props.loading).toBe(true));
    resyncs[0]!.answer.resolve({
      workflowId: 'crm-deal:hubspot:606060:2001',
      requestedAt: '2026-11-20T14:06:00.000Z',
    });
    await eventually(() => expect(renderer.maybeFind(Alert, { title: 'Re-sync started' })).not.toBeNull());
    expect(renderer.find(LoadingButton).props.loading).toBe(false);
    expect(renderer.find(Button, (b) => textOf(b) === 'Show the outcome')).toBeTruthy();
  });

  it('re-sync: a refusal is shown next to the button', async () => {
    const { renderer, show, resyncs } = setup();
    await show(dealCard());
    renderer.find(LoadingButton).trigger('onClick');
    await eventually(() => expect(resyncs).toHaveLength(1));
    resyncs[0]!.answer.reject(
      new WorkerError('The hubspot connection needs reconnecting.', 503, 'reconnect_needed'),
    );
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Re-sync could not be started' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert, { title: 'Re-sync could not be started' }))).toBe(
      'The hubspot connection needs reconnecting.',
    );
  });

  it('re-sync: the record’s properties are refreshed once the worker took it, not when refused', async () => {
    const { renderer, show, resyncs, refreshRecord } = setup();
    await show(dealCard());
    renderer.find(LoadingButton).trigger('onClick');
    await eventually(() => expect(resyncs).toHaveLength(1));
    expect(refreshRecord).not.toHaveBeenCalled();
    resyncs[0]!.answer.resolve({
      workflowId: 'crm-deal:hubspot:1:2001',
      requestedAt: '2026-11-03T09:15:00.000Z',
    });
    await eventually(() => expect(refreshRecord).toHaveBeenCalledTimes(1));

    renderer.find(LoadingButton).trigger('onClick');
    await eventually(() => expect(resyncs).toHaveLength(2));
    resyncs[1]!.answer.reject(new WorkerError('Temporal is unreachable.', 503, 'temporal_unavailable'));
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Re-sync could not be started' })).not.toBeNull(),
    );
    expect(refreshRecord).toHaveBeenCalledTimes(1);
  });

  it('busy: a warning to try again in a few seconds', async () => {
    const { renderer, loads } = setup();
    renderer.render(
      <DealInvoice
        dealId="2001"
        source={{
          dealCard: () => {
            const answer = deferred<DealCard>();
            loads.push(answer);
            return answer.promise;
          },
          resyncDeal: () => Promise.reject(new Error('unused')),
        }}
      />,
    );
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.reject(new WorkerError('hubspot asked us to slow down; try again in 3 s.', 429, 'busy'));
    await eventually(() => expect(renderer.maybeFind(Alert)).not.toBeNull());
    expect(renderer.find(Alert).props.title).toBe('Busy: try again in a few seconds');
    expect(textOf(renderer.find(Alert))).toBe('hubspot asked us to slow down; try again in 3 s.');
  });
});
