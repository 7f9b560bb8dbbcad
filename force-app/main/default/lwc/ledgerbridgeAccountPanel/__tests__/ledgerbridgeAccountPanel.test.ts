import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { graphql } from 'lightning/graphql';
import LedgerbridgeAccountPanel from 'c/ledgerbridgeAccountPanel';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import { testAdapter } from '../../../../../test/jest-mocks/wireAdapters';
import account from './data/account.json';
import accountFigures from './data/accountFigures.json';
import accountNotLinked from './data/accountNotLinked.json';
import invoices from './data/invoices.json';
import payments from './data/payments.json';
import openFindings from './data/openFindings.json';
import noFindings from './data/noFindings.json';

const recordAdapter = testAdapter(getRecord);
const relatedLists = testAdapter(getRelatedListRecords);
const findings = testAdapter(graphql);
const forList = (id: string) => (config: Record<string, unknown>) => config.relatedListId === id;

/** Mounts the panel on the account's page and lets its wires take their configuration. */
async function render() {
  const element = mount('c-ledgerbridge-account-panel', LedgerbridgeAccountPanel, { recordId: account.id });
  await flushPromises();
  return element;
}

type FormattedNumber = HTMLElement & { value: unknown; formatStyle: string; currencyCode?: string };

/** What a lightning-formatted-number is asked to show: "450.5 EUR" (a currency amount), or its text. */
function shown(cell: Element): string {
  const number = cell.matches('lightning-formatted-number')
    ? (cell as FormattedNumber)
    : cell.querySelector<FormattedNumber>('lightning-formatted-number');
  if (!number) return (cell.textContent ?? '').trim();
  expect(number.formatStyle).toBe('currency');
  return `${String(number.value)} ${number.currencyCode ?? ''}`.trim();
}

/** Cells of each body row of the table `data-id`, as text (amounts as `shown`). */
function rows(root: ShadowRoot, table: string): string[][] {
  return [...root.querySelectorAll(`table[data-id="${table}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map(shown),
  );
}

describe('c-ledgerbridge-account-panel', () => {
  beforeEach(() => {
    // Ageing is relative to today: fixed at 23 Nov 2026 (timers stay real for the re-renders).
    jest.useFakeTimers({
      now: new Date('2026-11-23T10:00:00Z'),
      doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'nextTick'],
    });
  });
  afterEach(() => {
    resetDom();
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('shows a spinner while the account loads', async () => {
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(element.shadowRoot.querySelector('[data-id="balances"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('asks for the accounting fields, the two related lists and the open findings of this account', async () => {
    await render();
    expect(recordAdapter.getLastConfig()).toMatchObject({
      recordId: account.id,
      optionalFields: expect.arrayContaining([
        'Account.CurrencyIsoCode',
        { objectApiName: 'Account', fieldApiName: 'Receivables_As_Of__c' },
      ]),
    });
    // Un-namespaced here; a namespaced package's schema imports make these ns__Xero_Invoices__r etc.
    expect(relatedLists.getLastConfig()).toMatchObject({
      parentRecordId: account.id,
      relatedListId: 'Xero_Payments__r',
      fields: expect.arrayContaining(['Xero_Payment__c.Amount__c']),
    });
    expect(findings.getLastConfig()).toMatchObject({ variables: { recordId: account.id } });
  });

  it('says what went wrong when the account cannot be read', async () => {
    const element = await render();
    recordAdapter.error({ message: 'The requested resource does not exist' }, 404, 'Not Found');
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="error"]')).toBe(
      'Accounting data could not be loaded: The requested resource does not exist',
    );
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('tells a user without access to the accounting fields so quietly, without an error', async () => {
    const element = await render();
    recordAdapter.error(
      [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to this record.' }],
      403,
      'Forbidden',
    );
    await flushPromises();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'You do not have access to Xero accounting on this account.',
    );
    expect(root.querySelector('[data-id="error"]')).toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('explains an account that is not linked to Xero yet', async () => {
    const element = await render();
    recordAdapter.emit(accountNotLinked);
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="not-linked"]')).toContain(
      'This account is not linked to a Xero contact yet.',
    );
    expect(element.shadowRoot.querySelector('[data-id="invoices"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the Stripe subscription totals and the nightly receivables with their date and DSO', async () => {
    const element = await render();
    recordAdapter.emit(accountFigures);
    relatedLists.emit({ records: [], count: 0 });
    findings.emit(noFindings);
    await flushPromises();
    const root = element.shadowRoot;
    expect(shown(root.querySelector('[data-id="arr"]')!)).toBe('24000 EUR');
    expect(shown(root.querySelector('[data-id="mrr"]')!)).toBe('2000 EUR');
    expect(textOf(root, '[data-id="receivables-heading"]')).toBe('Receivables as of Nov 22, 2026');
    expect(rows(root, 'receivables')).toEqual([['500 EUR', '450.5 EUR', '0 EUR', '300 EUR', '0 EUR']]);
    expect(textOf(root, '[data-id="dso"]')).toBe('Days sales outstanding: 41.3');
    await expect(element).toBeAccessible();
  });

  it('shows no subscription or receivables figures before Ledgerbridge wrote any', async () => {
    const element = await render();
    recordAdapter.emit(account);
    relatedLists.emit({ records: [], count: 0 });
    findings.emit(noFindings);
    await flushPromises();
    expect(element.shadowRoot.querySelector('[data-id="subscriptions"]')).toBeNull();
    expect(element.shadowRoot.querySelector('[data-id="receivables"]')).toBeNull();
  });

  it('shows a linked account without invoices or payments as empty', async () => {
    const element = await render();
    recordAdapter.emit(account);
    relatedLists.emit({ records: [], count: 0 });
    findings.emit(noFindings);
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="no-invoices"]')).toBe('No invoices from Xero yet.');
    expect(textOf(element.shadowRoot, '[data-id="no-payments"]')).toBe('No payments yet.');
    expect(rows(element.shadowRoot, 'ageing')).toEqual([['0 EUR', '0 EUR', '0 EUR', '0 EUR']]);
    expect(element.shadowRoot.querySelector('[data-id="problems"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows balances, overdue by age, invoices with Xero links, payment history, last sync and open problems', async () => {
    const element = await render();
    recordAdapter.emit(account);
    relatedLists.emit(invoices, forList('Xero_Invoices__r'));
    relatedLists.emit(payments, forList('Xero_Payments__r'));
    findings.emit(openFindings);
    await flushPromises();
    const root = element.shadowRoot;

    expect(shown(root.querySelector('[data-id="outstanding"]')!)).toBe('1250.5 EUR');
    expect(shown(root.querySelector('[data-id="overdue"]')!)).toBe('750.5 EUR');
    expect(textOf(root, '[data-id="last-sync"]')).toBe('Nov 23, 2026, 9:30 AM UTC');
    // INV-0002 is 20 days late, INV-0003 114 days; INV-0005 is not due yet, INV-0004 is paid.
    expect(rows(root, 'ageing')).toEqual([['300 EUR', '0 EUR', '0 EUR', '450.5 EUR']]);
    // Statuses by their picklist labels; each invoice in its Xero currency (the account's when the
    // record predates Currency_Code__c).
    expect(rows(root, 'invoices').map((cells) => cells.slice(0, 4))).toEqual([
      ['INV-0003', 'Awaiting payment', 'Aug 1, 2026', '450.5 EUR'],
      ['INV-0004', 'Paid', 'Oct 1, 2026', '0 EUR'],
      ['INV-0002', 'Awaiting payment', 'Nov 3, 2026', '300 EUR'],
      ['INV-0005', 'Awaiting payment', 'Nov 30, 2026', '500 USD'],
    ]);
    const link = root.querySelector<HTMLAnchorElement>('table[data-id="invoices"] a');
    expect(link?.href).toBe(
      'https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=7d1e5f20-3b7a-4f0e-a0a4-0c9b1d2e3f03',
    );
    expect(link?.getAttribute('aria-label')).toBe('Open invoice INV-0003 in Xero (opens in a new window)');
    expect(link?.target).toBe('_blank');
    expect(link?.rel).toBe('noopener noreferrer');
    expect(rows(root, 'payments')).toEqual([
      ['Nov 12, 2026', 'INV-0002', '50 EUR', 'Card', 'Reversed'],
      ['Nov 10, 2026', 'INV-0004', '200 EUR', 'Bank transfer', 'Received'],
    ]);
    expect(textOf(root, '[data-id="problems"] li')).toBe(
      'Differs from Xero (Name): Xero has "Acme Limited", Salesforce has "Acme Ltd"',
    );
    await expect(element).toBeAccessible();
  });
});
