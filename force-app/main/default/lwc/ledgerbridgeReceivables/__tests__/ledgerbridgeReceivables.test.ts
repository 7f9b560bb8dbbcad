import load from '@salesforce/apex/LedgerbridgeReceivables.load';
import LedgerbridgeReceivables from 'c/ledgerbridgeReceivables';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import computed from './data/computed.json';
import neverComputed from './data/neverComputed.json';
import nothingOwed from './data/nothingOwed.json';
import noApexAccess from './data/noApexAccess.json';

jest.mock('@salesforce/apex/LedgerbridgeReceivables.load', () => ({ default: jest.fn() }), { virtual: true });

type Overview = Awaited<ReturnType<typeof load>>;
type FormattedNumber = HTMLElement & { value: unknown; formatStyle?: string; currencyCode?: string };

async function render(overview?: unknown) {
  if (overview) jest.mocked(load).mockResolvedValue(overview as Overview);
  const element = mount('c-ledgerbridge-receivables', LedgerbridgeReceivables);
  await flushPromises();
  return element;
}

/** A cell as "value currency" for a currency amount, the number for DSO, else its text. */
function shown(cell: Element): string {
  const number = cell.querySelector<FormattedNumber>('lightning-formatted-number');
  if (!number) return (cell.textContent ?? '').trim();
  if (number.formatStyle === 'currency') return `${String(number.value)} ${number.currencyCode ?? ''}`;
  return String(number.value);
}

function rows(root: ShadowRoot): string[][] {
  return [...root.querySelectorAll('table[data-id="figures"] tbody tr')].map((tr) => [
    textOf(tr, 'th'),
    ...[...tr.querySelectorAll('td')].map(shown),
  ]);
}

describe('c-ledgerbridge-receivables', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('shows a spinner while the figures load', async () => {
    jest.mocked(load).mockReturnValue(new Promise(() => undefined));
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the as-of date, the overdue count and one row per currency, in that currency', async () => {
    const element = await render(computed);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="as-of"]')).toBe('As of Nov 19, 2026: 3 overdue invoices.');
    expect([...root.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual([
      'Currency',
      'Current',
      '1–30 days',
      '31–60 days',
      '61–90 days',
      '90+ days',
      'Outstanding',
      'DSO (days)',
    ]);
    expect(rows(root)).toEqual([
      ['GBP', '1200 GBP', '300.5 GBP', '0 GBP', '80 GBP', '15000 GBP', '16580.5 GBP', '165.8'],
      // No credit sales in 90 days: no DSO rather than a made-up number.
      ['USD', '50 USD', '0 USD', '0 USD', '0 USD', '0 USD', '50 USD', '—'],
    ]);
    await expect(element).toBeAccessible();
  });

  it('before the first nightly run: the worker’s reason, no table', async () => {
    const element = await render(neverComputed);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="not-yet"]')).toBe(neverComputed.message);
    expect(root.querySelector('table')).toBeNull();
    expect(root.querySelector('[data-id="as-of"]')).toBeNull();
  });

  it('nothing owed in any currency: says so instead of an empty table', async () => {
    const element = await render(nothingOwed);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="as-of"]')).toBe('As of Nov 19, 2026: 0 overdue invoices.');
    expect(textOf(root, '[data-id="nothing-owed"]')).toBe('Nothing is owed: no open sales invoices.');
    expect(root.querySelector('table')).toBeNull();
  });

  it('says why the figures could not be loaded, and Refresh loads them again', async () => {
    jest.mocked(load).mockRejectedValueOnce({
      body: { message: 'This Salesforce org is not connected to Ledgerbridge.' },
    });
    const element = await render();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="error"]')).toBe(
      'The receivables could not be loaded: This Salesforce org is not connected to Ledgerbridge.',
    );
    jest.mocked(load).mockResolvedValue(computed as Overview);
    root.querySelector<HTMLElement>('[data-id="refresh"]')?.click();
    await flushPromises();
    expect(rows(root)).toHaveLength(2);
    expect(root.querySelector('[data-id="error"]')).toBeNull();
  });

  it('a user without access to the Apex class sees a quiet note, no error and no refresh', async () => {
    jest.mocked(load).mockRejectedValue(noApexAccess);
    const element = await render();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'Your Ledgerbridge admin can show you the receivables.',
    );
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('[data-id="refresh"]')).toBeNull();
  });
});
