import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import requestResync from '@salesforce/apex/LedgerbridgeResync.requestResync';
import LedgerbridgeOpportunityPanel from 'c/ledgerbridgeOpportunityPanel';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import { testAdapter } from '../../../../../test/jest-mocks/wireAdapters';
import opportunityOpen from './data/opportunityOpen.json';
import opportunityQueued from './data/opportunityQueued.json';
import opportunityProblem from './data/opportunityProblem.json';
import opportunityInvoiced from './data/opportunityInvoiced.json';
import opportunityStripe from './data/opportunityStripe.json';

jest.mock('@salesforce/apex/LedgerbridgeResync.requestResync', () => ({ default: jest.fn() }), {
  virtual: true,
});

const recordAdapter = testAdapter(getRecord);
const OPPORTUNITY_ID = opportunityOpen.id;

async function render(data?: unknown) {
  const element = mount('c-ledgerbridge-opportunity-panel', LedgerbridgeOpportunityPanel, {
    recordId: OPPORTUNITY_ID,
  });
  await flushPromises();
  if (data) {
    recordAdapter.emit(data);
    await flushPromises();
  }
  return element;
}

async function clickResync(root: ShadowRoot) {
  root.querySelector<HTMLElement>('[data-id="resync"]')?.click();
  await flushPromises();
}

describe('c-ledgerbridge-opportunity-panel', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('shows a spinner while the opportunity loads', async () => {
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(recordAdapter.getLastConfig()).toMatchObject({ recordId: OPPORTUNITY_ID });
    await expect(element).toBeAccessible();
  });

  it('says what went wrong when the opportunity cannot be read', async () => {
    const element = await render();
    recordAdapter.error({ message: 'Field Xero_Invoice_ID__c is not accessible' }, 400, 'Bad Request');
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="error"]')).toBe(
      'Invoice details could not be loaded: Field Xero_Invoice_ID__c is not accessible',
    );
    await expect(element).toBeAccessible();
  });

  it('tells a user without access to the invoice fields so quietly, and offers no re-sync', async () => {
    const element = await render();
    recordAdapter.error({ message: 'Forbidden' }, 403, 'Forbidden');
    await flushPromises();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'You do not have access to the Xero invoice of this opportunity.',
    );
    expect(root.querySelector('[data-id="error"]')).toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('[data-id="resync"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('an open opportunity has no invoice', async () => {
    const element = await render(opportunityOpen);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="state"]')).toBe('No invoice: the opportunity is not Closed Won');
    expect(root.querySelector('[data-id="invoice"]')).toBeNull();
    expect(root.querySelector('[data-id="problems"]')).toBeNull();
    expect(textOf(root, '[data-id="retries"]')).toBe('Payment retries: No failed payments');
    await expect(element).toBeAccessible();
  });

  it('a won opportunity without an invoice yet is queued', async () => {
    const element = await render(opportunityQueued);
    expect(textOf(element.shadowRoot, '[data-id="state"]')).toBe(
      'Queued: Ledgerbridge is creating the invoice in Xero',
    );
    await expect(element).toBeAccessible();
  });

  it('lists each validation problem that stopped the invoice', async () => {
    const element = await render(opportunityProblem);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="state"]')).toBe('Not created: fix the problems below, then re-sync');
    expect([...root.querySelectorAll('[data-id="problems"] li')].map((li) => li.textContent)).toEqual([
      'The account Fabrikam has no Xero contact and more than one matches.',
      'Line 2 has tax code GST20, which has no Xero tax type in the mapping settings.',
    ]);
    await expect(element).toBeAccessible();
  });

  it('shows the created invoice: number, status, amount due, links and payment retries', async () => {
    const element = await render(opportunityInvoiced);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="state"]')).toBe('Created in Xero');
    expect(textOf(root, '[data-id="number"]')).toBe('INV-0042');
    expect(textOf(root, '[data-id="status"]')).toBe('Awaiting payment');
    expect(root.querySelector('[data-id="amount-due"]')).toMatchObject({
      value: 1188,
      formatStyle: 'currency',
      currencyCode: 'GBP',
    });
    const xeroLink = root.querySelector<HTMLAnchorElement>('[data-id="xero-link"]');
    expect(xeroLink?.href).toBe(
      'https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=4f7a2c1e-9b3d-4e8a-8c2f-1a2b3c4d5e6f',
    );
    const onlineLink = root.querySelector<HTMLAnchorElement>('[data-id="online-link"]');
    expect(onlineLink?.href).toBe('https://in.xero.com/AbCdEf123');
    for (const link of [xeroLink, onlineLink]) {
      expect(link?.target).toBe('_blank');
      expect(link?.rel).toBe('noopener noreferrer');
    }
    expect(textOf(root, '[data-id="online-link"]')).toBe('Online invoice (opens in a new window)');
    expect(textOf(root, '[data-id="retries"]')).toBe('Payment retries: 2 failed payments');
    await expect(element).toBeAccessible();
  });

  it('shows no Stripe payment or subscription where Ledgerbridge wrote none', async () => {
    const element = await render(opportunityInvoiced);
    expect(element.shadowRoot.querySelector('[data-id="payment"]')).toBeNull();
    expect(element.shadowRoot.querySelector('[data-id="subscription"]')).toBeNull();
    expect(recordAdapter.getLastConfig()).toMatchObject({
      optionalFields: expect.arrayContaining([
        { objectApiName: 'Opportunity', fieldApiName: 'Payment_Status__c' },
      ]),
    });
  });

  it('shows the Stripe payment (status label, retry, decline) and the subscription value', async () => {
    const element = await render(opportunityStripe);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="payment-status"]')).toBe('Failed, will retry');
    expect(textOf(root, '[data-id="next-attempt"]')).toBe('Nov 5, 2026, 9:00 AM UTC');
    expect(textOf(root, '[data-id="decline-code"]')).toBe('insufficient_funds');
    // Nothing refunded, no dispute: not shown.
    expect(root.querySelector('[data-id="refunded"]')).toBeNull();
    expect(root.querySelector('[data-id="dispute"]')).toBeNull();
    expect(textOf(root, '[data-id="subscription-status"]')).toBe('past_due');
    expect(root.querySelector('[data-id="arr"]')).toMatchObject({
      value: 14256,
      formatStyle: 'currency',
      currencyCode: 'GBP',
    });
    expect(root.querySelector('[data-id="mrr"]')).toMatchObject({ value: 1188 });
    expect(textOf(root, '[data-id="renewal-date"]')).toBe('Nov 1, 2027');
    await expect(element).toBeAccessible();
  });

  it('shows a refund and an open dispute', async () => {
    const element = await render({
      ...opportunityStripe,
      fields: {
        ...opportunityStripe.fields,
        Payment_Status__c: { value: 'disputed', displayValue: 'Disputed' },
        Refunded_Amount__c: { value: 200.5, displayValue: null },
        Dispute_Status__c: { value: 'needs_response: fraudulent (1188.00)', displayValue: null },
      },
    });
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="payment-status"]')).toBe('Disputed');
    expect(root.querySelector('[data-id="refunded"]')).toMatchObject({ value: 200.5, currencyCode: 'GBP' });
    expect(textOf(root, '[data-id="dispute"]')).toBe('needs_response: fraudulent (1188.00)');
  });

  it.each([
    ['javascript:alert(document.domain)'],
    ['http://in.xero.com/AbCdEf123'],
    ['in.xero.com/AbCdEf123'],
  ])('renders no online-invoice link for the stored value %s (only https links)', async (url) => {
    const element = await render({
      ...opportunityInvoiced,
      fields: {
        ...opportunityInvoiced.fields,
        Xero_Online_Invoice_URL__c: { value: url, displayValue: null },
      },
    });
    expect(element.shadowRoot.querySelector('[data-id="online-link"]')).toBeNull();
    expect(element.shadowRoot.querySelector('[data-id="xero-link"]')).not.toBeNull();
  });

  it('the re-sync button asks the worker through Apex, confirms, and refreshes the record', async () => {
    jest.mocked(requestResync).mockResolvedValue('Re-sync requested');
    const element = await render(opportunityProblem);
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));
    await clickResync(element.shadowRoot);

    expect(requestResync).toHaveBeenCalledWith({ opportunityId: OPPORTUNITY_ID });
    expect(textOf(element.shadowRoot, '[data-id="resync-message"]')).toBe(
      'Ledgerbridge is syncing this opportunity with Xero.',
    );
    expect(toasts).toEqual([expect.objectContaining({ title: 'Re-sync requested', variant: 'success' })]);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: OPPORTUNITY_ID }]);
    expect(
      element.shadowRoot.querySelector<HTMLElement & { disabled: boolean }>('[data-id="resync"]')?.disabled,
    ).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('the re-sync button says why the worker could not be asked', async () => {
    jest.mocked(requestResync).mockRejectedValue({
      body: { message: 'Ledgerbridge is not connected yet: an admin has to set the signing secret.' },
    });
    const element = await render(opportunityQueued);
    await clickResync(element.shadowRoot);
    expect(textOf(element.shadowRoot, '[data-id="resync-message"]')).toBe(
      'Re-sync not requested: Ledgerbridge is not connected yet: an admin has to set the signing secret.',
    );
    expect(notifyRecordUpdateAvailable).not.toHaveBeenCalled();
  });
});
