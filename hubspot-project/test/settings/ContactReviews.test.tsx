/// <reference types="node" />
// The fixtures are read from disk: this project's tsconfig has no Node types otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Input,
  LoadingButton,
  LoadingSpinner,
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ContactReviews } from '../../src/app/settings/components/ContactReviews';
import {
  reviewListSchema,
  type ReviewDecideRequest,
  type ReviewDecided,
  type ReviewList,
} from '../../src/app/settings/generated/contactReviews';
import {
  ReviewRefusedError,
  type ContactReviewsSource,
} from '../../src/app/settings/lib/contactReviewsClient';
import { accessibilityProblems } from '../support/accessibility';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';

/** The fixture is held to the worker's contract, so a fixture the worker could not send fails here. */
const twoReviews = (): ReviewList =>
  reviewListSchema.parse(
    JSON.parse(readFileSync(path.join(__dirname, 'data', 'contactReviews.json'), 'utf8')) as unknown,
  );
const [CONTOSO, FABRIKAM] = twoReviews().reviews.map((r) => r.id) as [string, string];
const typed = <T,>(value: T) => value as never;

function setup() {
  const lists: Array<Deferred<ReviewList>> = [];
  const decisions: Array<{ request: ReviewDecideRequest; answer: Deferred<ReviewDecided> }> = [];
  const source: ContactReviewsSource = {
    list: () => {
      lists.push(deferred());
      return lists[lists.length - 1]!.promise;
    },
    decide: (request) => {
      const answer = deferred<ReviewDecided>();
      decisions.push({ request, answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const render = async () => {
    renderer.render(<ContactReviews source={source} />);
    await eventually(() => expect(lists).toHaveLength(1));
  };
  const open = async (list: ReviewList) => {
    await render();
    lists[0]!.resolve(list);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const tiles = () => renderer.findAll(Tile);
  const tile = (n: number) => tiles()[n]!;
  const buttonIn = (n: number, text: string) =>
    [...tile(n).findAll(Button), ...tile(n).findAll(LoadingButton)].find((b) => textOf(b) === text);
  const press = (n: number, text: string) => {
    const button = buttonIn(n, text);
    if (!button) throw new Error(`no button "${text}" in review ${n}`);
    button.trigger('onClick');
  };
  return { renderer, lists, decisions, render, open, tiles, tile, buttonIn, press };
}

describe('Contact reviews section', () => {
  it('shows a labelled spinner while loading', async () => {
    const { renderer, render } = setup();
    await render();
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the contact reviews…');
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('with nothing waiting: says so', async () => {
    const { renderer, open } = setup();
    await open({ reviews: [], total: 0 });
    expect(renderer.find(EmptyState).props.title).toBe('No contact waits for a decision');
    expect(renderer.maybeFind(Tile)).toBeNull();
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('shows each Xero contact, why it waits, and the companies the rules offered with their rule', async () => {
    const { renderer, open, tiles, tile, buttonIn } = setup();
    await open(twoReviews());
    expect(textOf(renderer.getRootNode())).toContain(
      '5 Xero contacts wait for a person; the oldest 2 are shown.',
    );
    expect(tiles()).toHaveLength(2);
    const contoso = textOf(tile(0));
    expect(contoso).toContain('Contoso Ltd (Adatum UK Ltd)');
    expect(contoso).toContain('accounts@contoso.example');
    expect(contoso).toContain('GB123456789');
    expect(contoso).toContain('20 Nov 2026, 14:05 UTC');
    expect(contoso).toContain('Two HubSpot companies share the email domain contoso.example.');
    expect(contoso).toContain('Contoso HoldingsEmailDomain contoso.example');
    expect(
      tile(0)
        .findAll(LoadingButton)
        .filter((b) => textOf(b) === 'Link to this company'),
    ).toHaveLength(2);
    // No candidate: no table, and Xero's missing details said as such.
    const fabrikam = textOf(tile(1));
    expect(fabrikam).toContain('None in Xero');
    expect(buttonIn(1, 'Link to this company')).toBeUndefined();
    expect(buttonIn(1, 'Create a new company')).toBeDefined();
    expect(buttonIn(1, 'Ignore')).toBeDefined();
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('links to the chosen company, shows it deciding, then the outcome and the list read again', async () => {
    const { renderer, lists, decisions, open, tile, press } = setup();
    await open(twoReviews());
    tile(0)
      .findAll(LoadingButton)
      .filter((b) => textOf(b) === 'Link to this company')[1]!
      .trigger('onClick');
    await eventually(() => expect(decisions).toHaveLength(1));
    expect(decisions[0]!.request).toEqual({ reviewId: CONTOSO, decision: 'link', crmId: '1002' });
    // Deciding: that button spins and every choice waits.
    const links = tile(0)
      .findAll(LoadingButton)
      .filter((b) => textOf(b) === 'Link to this company');
    expect(links.map((b) => b.props.loading)).toEqual([false, true]);
    expect(renderer.findAll(LoadingButton).every((b) => b.props.disabled === true)).toBe(true);
    press(1, 'Create a new company');
    expect(decisions).toHaveLength(1);

    decisions[0]!.answer.resolve({ outcome: 'linked', crmId: '1002', resumed: 3 });
    await eventually(() => expect(lists).toHaveLength(2));
    lists[1]!.resolve({ reviews: twoReviews().reviews.slice(1), total: 4 });
    await eventually(() => expect(renderer.findAll(Tile)).toHaveLength(1));
    const done = renderer.find(Alert, { title: 'Contoso Ltd is linked' });
    expect(textOf(done)).toBe('3 waiting syncs resumed.');
    expect(done.props.variant).toBe('success');
  });

  it('creates a new company for a contact without a match', async () => {
    const { renderer, lists, decisions, open, press } = setup();
    await open(twoReviews());
    press(1, 'Create a new company');
    await eventually(() => expect(decisions).toHaveLength(1));
    expect(decisions[0]!.request).toEqual({ reviewId: FABRIKAM, decision: 'create' });
    decisions[0]!.answer.resolve({ outcome: 'created', crmId: '1009', resumed: 1 });
    await eventually(() => expect(lists).toHaveLength(2));
    lists[1]!.resolve({ reviews: [], total: 0 });
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Fabrikam Trading has a new company' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert))).toBe('1 waiting sync resumed.');
  });

  it('ignores only with a reason, and Cancel leaves it waiting', async () => {
    const { renderer, lists, decisions, open, press } = setup();
    await open(twoReviews());
    press(1, 'Ignore');
    const reason = () => renderer.find(Input, { name: `ignore-reason-${FABRIKAM}` });
    expect(reason().props.label).toBe('Why ignore this contact?');
    expect(accessibilityProblems(renderer)).toEqual([]);

    press(1, 'Cancel');
    await eventually(() => expect(renderer.maybeFind(Input)).toBeNull());

    press(1, 'Ignore');
    press(1, 'Ignore this contact');
    await eventually(() => expect(reason().props.error).toBe(true));
    expect(reason().props.validationMessage).toBe('Give a reason to ignore it.');
    expect(decisions).toHaveLength(0);

    reason().trigger('onInput', typed('  A one-off supplier refund, not a customer  '));
    await eventually(() => expect(reason().props.error).toBe(false));
    press(1, 'Ignore this contact');
    await eventually(() => expect(decisions).toHaveLength(1));
    expect(decisions[0]!.request).toEqual({
      reviewId: FABRIKAM,
      decision: 'ignore',
      reason: 'A one-off supplier refund, not a customer',
    });
    decisions[0]!.answer.resolve({ outcome: 'ignored', crmId: null, resumed: 0 });
    await eventually(() => expect(lists).toHaveLength(2));
    lists[1]!.resolve({ reviews: twoReviews().reviews.slice(0, 1), total: 1 });
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Fabrikam Trading is ignored' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert))).toBe(
      'Ledgerbridge does not ask again unless the contact changes in Xero.',
    );
  });

  it('a contact since linked elsewhere: the worker’s sentence as it is, and the list read again', async () => {
    const { renderer, lists, decisions, open, tile } = setup();
    await open(twoReviews());
    tile(0)
      .findAll(LoadingButton)
      .filter((b) => textOf(b) === 'Link to this company')[0]!
      .trigger('onClick');
    await eventually(() => expect(decisions).toHaveLength(1));
    const message = 'Xero contact Contoso Ltd is already linked to HubSpot company 1003 (Contoso Group).';
    decisions[0]!.answer.reject(new ReviewRefusedError({ error: 'review_conflict', message }));
    await eventually(() => expect(lists).toHaveLength(2));
    lists[1]!.resolve(twoReviews());
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Contoso Ltd was not decided' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert))).toBe(message);
    expect(renderer.find(Alert).props.variant).toBe('warning');
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('a person who may not decide: the refusal as the worker words it, the list kept', async () => {
    const { renderer, lists, decisions, open, press, tiles } = setup();
    await open(twoReviews());
    press(1, 'Create a new company');
    await eventually(() => expect(decisions).toHaveLength(1));
    decisions[0]!.answer.reject(
      new Error(
        'Only a super admin of this HubSpot account can change Ledgerbridge’s settings and Xero connections or decide its contact reviews.',
      ),
    );
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Fabrikam Trading was not decided' })).not.toBeNull(),
    );
    expect(renderer.find(Alert).props.variant).toBe('danger');
    expect(textOf(renderer.find(Alert))).toBe(
      'Only a super admin of this HubSpot account can change Ledgerbridge’s settings and Xero connections or decide its contact reviews.',
    );
    expect(lists).toHaveLength(1);
    expect(tiles()).toHaveLength(2);
    expect(renderer.findAll(LoadingButton).every((b) => b.props.disabled === false)).toBe(true);
  });

  it('a list that cannot be loaded: the reason and Try again', async () => {
    const { renderer, lists, render } = setup();
    await render();
    lists[0]!.reject(new Error('This HubSpot account is not connected to Ledgerbridge.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(renderer.find(ErrorState))).toContain(
      'This HubSpot account is not connected to Ledgerbridge.',
    );
    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(lists).toHaveLength(2));
  });
});
