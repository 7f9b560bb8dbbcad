import listReviews from '@salesforce/apex/LedgerbridgeContactReviews.listReviews';
import decide from '@salesforce/apex/LedgerbridgeContactReviews.decide';
import LedgerbridgeContactReviews from 'c/ledgerbridgeContactReviews';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import reviewsDecider from './data/reviewsDecider.json';
import reviewsReader from './data/reviewsReader.json';
import noReviews from './data/noReviews.json';
import afterLink from './data/afterLink.json';
import noApexAccess from './data/noApexAccess.json';
import linked from './data/linked.json';
import conflict from './data/conflict.json';

jest.mock('@salesforce/apex/LedgerbridgeContactReviews.listReviews', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/LedgerbridgeContactReviews.decide', () => ({ default: jest.fn() }), {
  virtual: true,
});

type Overview = Awaited<ReturnType<typeof listReviews>>;
type Answer = Awaited<ReturnType<typeof decide>>;
const [CONTOSO, FABRIKAM] = reviewsDecider.reviews.map((r) => r.id) as [string, string];
const HOLDINGS = '001000000000002AAA';

async function render(overview?: unknown) {
  if (overview) jest.mocked(listReviews).mockResolvedValue(overview as Overview);
  const element = mount('c-ledgerbridge-contact-reviews', LedgerbridgeContactReviews);
  await flushPromises();
  return element;
}

const review = (root: ShadowRoot, id: string) => root.querySelector(`article[data-review-id="${id}"]`)!;

/** A review's candidates as [account, matched by, why]. */
function candidates(root: ShadowRoot, id: string): string[][] {
  return [...review(root, id).querySelectorAll('table[data-id="candidates"] tbody tr')].map((tr) => [
    textOf(tr, 'td:nth-child(1)'),
    textOf(tr, 'td:nth-child(2)'),
    textOf(tr, 'td:nth-child(3)'),
  ]);
}

function buttons(root: ShadowRoot, id: string): string[] {
  return [...review(root, id).querySelectorAll('lightning-button')].map(
    (b) => (b as HTMLElement & { label: string }).label,
  );
}

async function click(root: ParentNode, selector: string) {
  const target = root.querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  target.click();
  await flushPromises();
}

async function typeReason(root: ShadowRoot, value: string) {
  const input = root.querySelector<HTMLElement & { value: string }>('[data-id="reason"]')!;
  input.value = value;
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-ledgerbridge-contact-reviews', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('shows a spinner while the reviews load', async () => {
    jest.mocked(listReviews).mockReturnValue(new Promise(() => undefined));
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why the reviews could not be loaded', async () => {
    jest.mocked(listReviews).mockRejectedValue({
      body: { message: 'This Salesforce org is not connected to Ledgerbridge.' },
    });
    const element = await render();
    expect(textOf(element.shadowRoot, '[data-id="error"]')).toBe(
      'Contact reviews could not be loaded: This Salesforce org is not connected to Ledgerbridge.',
    );
    await expect(element).toBeAccessible();
  });

  it('a user without access to the Apex class sees a quiet note, no error and no actions', async () => {
    jest.mocked(listReviews).mockRejectedValue(noApexAccess);
    const element = await render();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'Your Ledgerbridge admin decides the Xero contacts that need a person.',
    );
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('[data-id="refresh"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says when no contact waits', async () => {
    const element = await render(noReviews);
    expect(textOf(element.shadowRoot, '[data-id="empty"]')).toBe('No Xero contact waits for a decision.');
    expect(element.shadowRoot.querySelector('article')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists each Xero contact with why it waits and the accounts offered, each with its rule', async () => {
    const element = await render(reviewsDecider);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="count"]')).toBe(
      'Xero contacts waiting for a person: 4. The oldest 2 are shown.',
    );
    const contoso = review(root, CONTOSO);
    expect(textOf(contoso, '[data-id="heading"]')).toBe('Contoso Ltd in Acme Ltd (UK)');
    expect(textOf(contoso, '[data-id="email"]')).toBe('accounts@contoso.example');
    expect(textOf(contoso, '[data-id="tax-number"]')).toBe('GB123456789');
    expect(textOf(contoso, '[data-id="waiting-records"]')).toBe('3');
    expect(textOf(contoso, '[data-id="waiting-since"]')).toBe('Nov 20, 2026, 2:05 PM UTC');
    expect(textOf(contoso, '[data-id="why"]')).toBe('Two accounts share the email domain contoso.example.');
    expect(candidates(root, CONTOSO)).toEqual([
      ['Contoso Ltd', 'Email', 'Domain contoso.example; same name'],
      ['Contoso Holdings', 'Tax number', 'Same VAT number'],
      ['Contoso (odd ID)', 'No rule', 'Similar name'],
      ['Contoso Group', 'Xero link', 'Holds this Xero contact’s ID'],
    ]);
    // Only a real account ID becomes a link to the account.
    expect(
      [...contoso.querySelectorAll<HTMLAnchorElement>('[data-id="account-link"]')].map((a) =>
        a.getAttribute('href'),
      ),
    ).toEqual([
      '/lightning/r/Account/001000000000001AAA/view',
      `/lightning/r/Account/${HOLDINGS}/view`,
      '/lightning/r/Account/001000000000004AAA/view',
    ]);
    expect(buttons(root, CONTOSO)).toEqual([
      'Link to this account',
      'Link to this account',
      'Link to this account',
      'Link to this account',
      'Create a new account',
      'Ignore',
    ]);
    const fabrikam = review(root, FABRIKAM);
    expect(textOf(fabrikam, '[data-id="email"]')).toBe('None in Xero');
    expect(fabrikam.querySelector('table')).toBeNull();
    expect(buttons(root, FABRIKAM)).toEqual(['Create a new account', 'Ignore']);
    expect(root.querySelector('[data-id="cannot-decide"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('a user without the Review Contacts permission reads the reviews without any choice', async () => {
    const element = await render(reviewsReader);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="cannot-decide"]')).toBe(
      'You can read these reviews; deciding them needs the Ledgerbridge: Review Contacts permission.',
    );
    expect(candidates(root, CONTOSO)).toHaveLength(4);
    expect(buttons(root, CONTOSO)).toEqual([]);
    expect(buttons(root, FABRIKAM)).toEqual([]);
    expect(root.querySelectorAll('table[data-id="candidates"] th')).toHaveLength(3);
    await expect(element).toBeAccessible();
  });

  it('links to the chosen account: deciding, then the outcome, a toast and the list read again', async () => {
    let answer!: (value: Answer) => void;
    jest.mocked(decide).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = await render(reviewsDecider);
    const root = element.shadowRoot;
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));

    await click(review(root, CONTOSO), `tr[data-crm-id="${HOLDINGS}"] [data-id="link"]`);
    expect(decide).toHaveBeenCalledWith({
      reviewId: CONTOSO,
      decision: 'link',
      crmId: HOLDINGS,
      reason: null,
    });
    // Deciding: a spinner on that review, every choice disabled, and no second decision sent.
    expect(review(root, CONTOSO).querySelector('lightning-spinner')).not.toBeNull();
    expect(
      [...root.querySelectorAll('article lightning-button')].every((b) => (b as HTMLButtonElement).disabled),
    ).toBe(true);
    await expect(element).toBeAccessible();
    await click(review(root, FABRIKAM), '[data-id="create"]');
    expect(decide).toHaveBeenCalledTimes(1);

    jest.mocked(listReviews).mockResolvedValue(afterLink as Overview);
    answer(linked as Answer);
    await flushPromises();
    await flushPromises();
    expect(listReviews).toHaveBeenCalledTimes(2);
    expect(root.querySelector(`article[data-review-id="${CONTOSO}"]`)).toBeNull();
    expect(textOf(root, '[data-id="message"]')).toBe('Contoso Ltd is linked. Waiting syncs resumed: 3.');
    expect(root.querySelector('[data-id="message"]')?.getAttribute('role')).toBe('status');
    expect(toasts).toEqual([
      expect.objectContaining({ title: 'Contact review decided', variant: 'success' }),
    ]);
    await expect(element).toBeAccessible();
  });

  it('creates a new account for a contact without a match', async () => {
    jest.mocked(decide).mockResolvedValue({ outcome: 'created', crmId: '001000000000010AAA', resumed: 1 });
    const element = await render(reviewsDecider);
    await click(review(element.shadowRoot, FABRIKAM), '[data-id="create"]');
    expect(decide).toHaveBeenCalledWith({
      reviewId: FABRIKAM,
      decision: 'create',
      crmId: null,
      reason: null,
    });
    expect(textOf(element.shadowRoot, '[data-id="message"]')).toBe(
      'Fabrikam Trading has a new account. Waiting syncs resumed: 1.',
    );
  });

  it('ignores only with a reason, and Cancel leaves the review waiting', async () => {
    jest.mocked(decide).mockResolvedValue({ outcome: 'ignored', resumed: 0 });
    const element = await render(reviewsDecider);
    const root = element.shadowRoot;
    await click(review(root, FABRIKAM), '[data-id="ignore"]');
    const input = root.querySelector<HTMLElement & { label: string; required: boolean }>(
      '[data-id="reason"]',
    );
    expect(input?.label).toBe('Why ignore this contact?');
    expect(input?.required).toBe(true);
    await expect(element).toBeAccessible();

    await click(root, '[data-id="cancel-ignore"]');
    expect(root.querySelector('[data-id="reason"]')).toBeNull();
    expect(buttons(root, FABRIKAM)).toEqual(['Create a new account', 'Ignore']);

    await click(review(root, FABRIKAM), '[data-id="ignore"]');
    await typeReason(root, '   ');
    await click(root, '[data-id="confirm-ignore"]');
    expect(textOf(root, '[data-id="reason-missing"]')).toBe('Give a reason to ignore it.');
    expect(decide).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();

    await typeReason(root, ' A one-off supplier refund ');
    expect(root.querySelector('[data-id="reason-missing"]')).toBeNull();
    await click(root, '[data-id="confirm-ignore"]');
    expect(decide).toHaveBeenCalledWith({
      reviewId: FABRIKAM,
      decision: 'ignore',
      crmId: null,
      reason: 'A one-off supplier refund',
    });
    expect(textOf(root, '[data-id="message"]')).toBe('Fabrikam Trading is ignored.');
  });

  it('a contact since linked elsewhere: the worker’s sentence as it is, as an alert, and the list read again', async () => {
    jest.mocked(decide).mockResolvedValue(conflict as Answer);
    const element = await render(reviewsDecider);
    const root = element.shadowRoot;
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));
    await click(review(root, CONTOSO), `tr[data-crm-id="${HOLDINGS}"] [data-id="link"]`);
    await flushPromises();
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Contoso Ltd was not decided: Xero contact Contoso Ltd is already linked to Account Contoso Group (001000000000009AAA).',
    );
    expect(root.querySelector('[data-id="message"]')?.getAttribute('role')).toBe('alert');
    expect(listReviews).toHaveBeenCalledTimes(2);
    expect(toasts).toEqual([]);
    await expect(element).toBeAccessible();
  });

  it('a refused decision (no permission, the worker down) is said and the list kept', async () => {
    jest.mocked(decide).mockRejectedValue({
      body: { message: 'Deciding a contact review needs the Ledgerbridge: Review Contacts permission.' },
    });
    const element = await render(reviewsDecider);
    const root = element.shadowRoot;
    await click(review(root, FABRIKAM), '[data-id="create"]');
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Fabrikam Trading was not decided: Deciding a contact review needs the Ledgerbridge: Review Contacts permission.',
    );
    expect(listReviews).toHaveBeenCalledTimes(1);
    expect(root.querySelectorAll('article')).toHaveLength(2);
    expect(
      [...root.querySelectorAll('article lightning-button')].some((b) => (b as HTMLButtonElement).disabled),
    ).toBe(false);
  });

  it('Refresh reads the list again', async () => {
    const element = await render(noReviews);
    jest.mocked(listReviews).mockResolvedValue(reviewsDecider as Overview);
    await click(element.shadowRoot, '[data-id="refresh"]');
    expect(listReviews).toHaveBeenCalledTimes(2);
    expect(element.shadowRoot.querySelectorAll('article')).toHaveLength(2);
  });
});
