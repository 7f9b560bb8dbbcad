import { graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import LedgerbridgeSettings from 'c/ledgerbridgeSettings';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import { testAdapter } from '../../../../../test/jest-mocks/wireAdapters';
import savedSettings from './data/savedSettings.json';
import noSettings from './data/noSettings.json';

const settingsQuery = testAdapter(graphql);
const savedRecord = savedSettings.uiapi.query.Ledgerbridge_Settings__c.edges[0]!.node;

async function render() {
  const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
  await flushPromises();
  return element;
}

async function loaded(data: unknown) {
  const element = await render();
  settingsQuery.emit(data);
  await flushPromises();
  return element;
}

const field = (root: ShadowRoot, name: string) =>
  root.querySelector<HTMLElement & { value?: unknown; checked?: boolean }>(`[data-field="${name}"]`);

/** Types into (or picks in) a form field, as the base component reports a change. */
async function change(root: ShadowRoot, name: string, detail: { value?: unknown; checked?: boolean }) {
  field(root, name)?.dispatchEvent(new CustomEvent('change', { detail }));
  await flushPromises();
}

async function save(root: ShadowRoot) {
  root.querySelector<HTMLElement>('[data-id="save"]')?.click();
  await flushPromises();
}

const savedJson = (): Record<string, unknown> => {
  const [input] = jest.mocked(updateRecord).mock.calls[0] ?? [];
  return JSON.parse(String(input?.fields.Settings_JSON__c)) as Record<string, unknown>;
};

describe('c-ledgerbridge-settings', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('shows a spinner while the settings load', async () => {
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(field(element.shadowRoot, 'defaultAccountCode')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why when the settings cannot be read', async () => {
    const element = await render();
    settingsQuery.emitErrors([{ message: 'No access to Ledgerbridge_Settings__c' }]);
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="load-error"]')).toBe(
      'The settings could not be loaded: No access to Ledgerbridge_Settings__c',
    );
    await expect(element).toBeAccessible();
  });

  it('without saved settings shows the defaults and saves them as version 1', async () => {
    const element = await loaded(noSettings);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="saved-summary"]')).toBe(
      'No settings saved yet: the worker applies its defaults.',
    );
    expect(field(root, 'defaultAccountCode')?.value).toBe('200');
    expect(field(root, 'paymentTermsDays')?.value).toBe('30');
    expect(field(root, 'invoiceStatuses')?.value).toEqual(['AUTHORISED', 'PAID', 'VOIDED']);
    expect(field(root, 'stage.VOIDED')?.value).toBe('Closed Lost');
    await expect(element).toBeAccessible();

    await save(root);
    expect(createRecord).toHaveBeenCalledTimes(1);
    const [input] = jest.mocked(createRecord).mock.calls[0] ?? [];
    expect(input).toMatchObject({
      apiName: 'Ledgerbridge_Settings__c',
      fields: { Settings_Key__c: 'default', Version__c: 1 },
    });
    expect(JSON.parse(String(input?.fields.Settings_JSON__c))).toMatchObject({
      contactOwner: 'xero',
      invoiceRules: { types: ['ACCREC'], statuses: ['AUTHORISED', 'PAID', 'VOIDED'], minAmount: 0 },
      defaultAccountCode: '200',
      paymentTermsDays: 30,
    });
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Saved as version 1. The worker applies them at its next poll.',
    );
  });

  it('fills the form from the saved settings and shows what the worker did with them', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="saved-summary"]')).toBe('Version 3, saved Nov 23, 2026, 8:59 AM UTC.');
    expect(textOf(root, '[data-id="worker-status"]')).toBe(
      'Worker: Applied as version 5 for Demo Company at 2026-11-23T09:00:00.000Z',
    );
    expect(field(root, 'contactOwner')?.value).toBe('crm');
    expect(field(root, 'contactGroups')?.value).toBe('VIP, Wholesale');
    expect(field(root, 'taxRates')?.value).toBe('VAT20=OUTPUT2');
    expect(field(root, 'items')?.value).toBe('LICENCE=260/LICENCE\nTRAVEL=493');
    expect(field(root, 'currencyMap')?.value).toBe('EURO=EUR');
    expect(field(root, 'stage.VOIDED')?.value).toBe('');
    expect(field(root, 'requireDiscountApproval')?.checked).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('refuses to save invalid settings and puts each message next to its field', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    await change(root, 'invoiceTypes', { value: [] });
    await change(root, 'paymentTermsDays', { value: '400' });
    await change(root, 'taxRates', { value: 'VAT20' });
    await change(root, 'allowedCurrencies', { value: 'EUR, usd' });
    await change(root, 'stage.AUTHORISED', { value: '' });
    await save(root);

    const error = (name: string) => textOf(root, `[data-error="${name}"]`);
    expect(error('invoiceTypes')).toBe('choose at least one invoice type');
    expect(error('paymentTermsDays')).toBe('must be at most 365 days');
    expect(error('taxRates')).toBe('line 1: write CODE=VALUE');
    expect(error('allowedCurrencies')).toBe('entry 2: must be a three-letter ISO 4217 code such as USD');
    expect(error('stage.AUTHORISED')).toBe('needs a stage: invoices in status AUTHORISED qualify');
    expect(textOf(root, '[data-id="message"]')).toBe('Not saved: fix the fields marked below.');
    expect(updateRecord).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();

    // Fixing a field clears its message.
    await change(root, 'paymentTermsDays', { value: '30' });
    expect(root.querySelector('[data-error="paymentTermsDays"]')).toBeNull();
  });

  it('saves a change as the next version, guarded against another admin’s save meanwhile', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));
    await change(root, 'defaultAccountCode', { value: '400' });
    await change(root, 'shadowCrmToXero', { checked: true });
    await save(root);

    expect(updateRecord).toHaveBeenCalledWith(
      { fields: expect.objectContaining({ Id: savedRecord.Id, Version__c: 4 }) },
      { ifUnmodifiedSince: savedRecord.LastModifiedDate.value },
    );
    expect(savedJson()).toMatchObject({
      defaultAccountCode: '400',
      items: { LICENCE: { accountCode: '260', itemCode: 'LICENCE' }, TRAVEL: { accountCode: '493' } },
      shadowMode: { xeroToCrm: false, crmToXero: true },
    });
    expect(toasts).toEqual([expect.objectContaining({ title: 'Settings saved', variant: 'success' })]);
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Saved as version 4. The worker applies them at its next poll.',
    );
  });

  it('says why a save failed', async () => {
    jest.mocked(updateRecord).mockRejectedValueOnce({
      body: { message: 'The record was modified by another user since you loaded it.' },
    });
    const element = await loaded(savedSettings);
    await save(element.shadowRoot);
    expect(textOf(element.shadowRoot, '[data-id="message"]')).toBe(
      'Not saved: The record was modified by another user since you loaded it.',
    );
  });
});
