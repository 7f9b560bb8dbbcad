import { graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import LedgerbridgeSettings from 'c/ledgerbridgeSettings';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import { testAdapter } from '../../../../../test/jest-mocks/wireAdapters';
import savedSettings from './data/savedSettings.json';
import flatSettings from './data/flatSettings.json';
import noSettings from './data/noSettings.json';
import xeroOrganisations from './data/xeroOrganisations.json';
import noOrganisations from './data/noOrganisations.json';
import settingsObjectAdmin from './data/settingsObjectAdmin.json';
import settingsObjectReadOnly from './data/settingsObjectReadOnly.json';
import opportunityObject from './data/opportunityObject.json';
import opportunityStages from './data/opportunityStages.json';
import noApexAccess from '../../ledgerbridgeXeroConnections/__tests__/data/noApexAccess.json';

jest.mock('@salesforce/apex/LedgerbridgeXeroConnections.listConnections', () => ({ default: jest.fn() }), {
  virtual: true,
});

type Overview = Awaited<ReturnType<typeof listConnections>>;
const settingsQuery = testAdapter(graphql);
const objectInfo = testAdapter(getObjectInfo);
const picklist = testAdapter(getPicklistValues);
const savedRecord = savedSettings.uiapi.query.settings.edges[0]!.node;
const forObject = (name: string) => (config: Record<string, unknown>) =>
  (config.objectApiName as { objectApiName?: string } | undefined)?.objectApiName === name;

/**
 * What each input was last asked to show as its own message (setCustomValidity), by data-field.
 * The base components are sfdx-lwc-jest's stubs: their methods are watched on their prototypes.
 */
const validity = new Map<string, string>();
const reported = new Set<string>();
type Stub = { prototype: { setCustomValidity(m: string): void; reportValidity(): boolean } };
for (const name of [
  'lightning/input',
  'lightning/combobox',
  'lightning/textarea',
  'lightning/checkboxGroup',
]) {
  const { prototype } = (jest.requireActual(name) as { default: Stub }).default;
  const at = (self: unknown) => (self as HTMLElement).getAttribute('data-field') ?? '';
  // LWC defines @api methods read-only, so they are redefined rather than spied on.
  Object.defineProperty(prototype, 'setCustomValidity', {
    value(this: unknown, message: string) {
      validity.set(at(this), message);
    },
  });
  Object.defineProperty(prototype, 'reportValidity', {
    value(this: unknown) {
      reported.add(at(this));
      return !validity.get(at(this));
    },
  });
}
const [UK, AU, NZ] = xeroOrganisations.connections.map((c) => c.tenantId) as [string, string, string];

/** Mounts the page as an admin sees it: may edit settings, the org's stages known. */
async function render(
  organisations: unknown = xeroOrganisations,
  settingsObject: unknown = settingsObjectAdmin,
) {
  jest.mocked(listConnections).mockResolvedValue(organisations as Overview);
  const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
  await flushPromises();
  objectInfo.emit(settingsObject, forObject('Ledgerbridge_Settings__c'));
  objectInfo.emit(opportunityObject, forObject('Opportunity'));
  await flushPromises();
  picklist.emit(opportunityStages);
  await flushPromises();
  return element;
}

async function loaded(data: unknown, organisations?: unknown) {
  const element = await render(organisations);
  settingsQuery.emit(data);
  await flushPromises();
  return element;
}

type Field = HTMLElement & { value?: unknown; checked?: boolean; options?: Array<{ label: string }> };
const field = (root: ShadowRoot, name: string) => root.querySelector<Field>(`[data-field="${name}"]`);
/** The message shown on the field itself (and reported), '' for none. */
const error = (root: ShadowRoot, name: string) => {
  expect(field(root, name)).not.toBeNull();
  const message = validity.get(name) ?? '';
  if (message) expect(reported.has(name)).toBe(true);
  return message;
};

/** Types into (or picks in) a form field, as the base component reports a change. */
async function change(root: ShadowRoot, name: string, detail: { value?: unknown; checked?: boolean }) {
  field(root, name)?.dispatchEvent(new CustomEvent('change', { detail }));
  await flushPromises();
}

async function save(root: ShadowRoot) {
  root.querySelector<HTMLElement>('[data-id="save"]')?.click();
  await flushPromises();
}

/** The saved-settings fixture with `extra` merged into its settings JSON. */
function withSaved(extra: Record<string, unknown>): unknown {
  const data = JSON.parse(JSON.stringify(savedSettings)) as typeof savedSettings;
  const node = data.uiapi.query.settings.edges[0]!.node;
  node.json.value = JSON.stringify({ ...(JSON.parse(node.json.value) as object), ...extra });
  return data;
}

const savedJson = (call: jest.Mock = jest.mocked(updateRecord)): Record<string, unknown> => {
  const [input] = (call.mock.calls[0] ?? []) as Array<{ fields: Record<string, unknown> }>;
  return JSON.parse(String(input?.fields.Settings_JSON__c)) as Record<string, unknown>;
};

describe('c-ledgerbridge-settings', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
    validity.clear();
    reported.clear();
  });

  it('shows a spinner while the settings and the Xero organisations load', async () => {
    jest.mocked(listConnections).mockReturnValue(new Promise(() => undefined));
    const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(field(element.shadowRoot, 'paymentTermsDays')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it.each([
    [
      'cannot read the settings object',
      (): void => objectInfo.error({ message: 'No access' }, 403, 'Forbidden'),
    ],
    [
      'may only read the settings',
      (): void => objectInfo.emit(settingsObjectReadOnly, forObject('Ledgerbridge_Settings__c')),
    ],
  ])('a user who %s sees a quiet note: no form, no error, no spinner', async (_case, answer) => {
    jest.mocked(listConnections).mockRejectedValue(noApexAccess);
    const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
    await flushPromises();
    answer();
    settingsQuery.emitErrors([
      { message: "Field 'Ledgerbridge_Settings__c' in type 'RecordQuery' is undefined" },
    ]);
    await flushPromises();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'Your Ledgerbridge admin manages the mapping settings.',
    );
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('.slds-text-color_error')).toBeNull();
    expect(root.querySelector('lightning-spinner')).toBeNull();
    expect(field(root, 'paymentTermsDays')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('offers the org’s opportunity stages for each invoice status, keeping a saved stage the org lacks', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    expect(picklist.getLastConfig()).toMatchObject({
      recordTypeId: opportunityObject.defaultRecordTypeId,
      fieldApiName: { objectApiName: 'Opportunity', fieldApiName: 'StageName' },
    });
    expect(field(root, 'stage.AUTHORISED')?.tagName).toBe('LIGHTNING-COMBOBOX');
    expect(field(root, 'stage.AUTHORISED')?.value).toBe('Closed Won');
    expect(field(root, 'stage.DRAFT')?.options).toEqual([
      { label: 'No stage: leave the opportunity as it is', value: '' },
      { label: 'Prospecting', value: 'Prospecting' },
      { label: 'Proposal/Price Quote', value: 'Proposal' },
      { label: 'Closed Won', value: 'Closed Won' },
      { label: 'Closed Lost', value: 'Closed Lost' },
    ]);
    await change(root, 'stage.PAID', { value: 'Paid in full' });
    expect(field(root, 'stage.PAID')?.options?.at(-1)).toEqual({
      label: 'Paid in full (not a stage in this org)',
      value: 'Paid in full',
    });
    await expect(element).toBeAccessible();
  });

  it('takes the stage as text when the org’s stages cannot be had', async () => {
    jest.mocked(listConnections).mockResolvedValue(xeroOrganisations as Overview);
    const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
    await flushPromises();
    // error() reaches every getObjectInfo wire: the settings object's answer comes after it.
    objectInfo.error({ message: 'Opportunity is not supported' }, 400, 'Bad Request');
    objectInfo.emit(settingsObjectAdmin, forObject('Ledgerbridge_Settings__c'));
    settingsQuery.emit(savedSettings);
    await flushPromises();
    expect(field(element.shadowRoot, 'stage.AUTHORISED')?.tagName).toBe('LIGHTNING-INPUT');
    expect(field(element.shadowRoot, 'stage.AUTHORISED')?.value).toBe('Closed Won');
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

  it('with no Xero organisation yet keeps the shared settings editable and saves them as version 1', async () => {
    const element = await loaded(noSettings, noOrganisations);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="saved-summary"]')).toBe(
      'No settings saved yet: the worker applies its defaults.',
    );
    expect(textOf(root, '[data-id="no-organisations"]')).toMatch(/^No Xero organisation is connected yet/);
    expect(field(root, 'organisation')).toBeNull();
    expect(field(root, 'paymentTermsDays')?.value).toBe('30');
    expect(field(root, 'invoiceStatuses')?.value).toEqual(['AUTHORISED', 'PAID', 'VOIDED']);
    expect(field(root, 'stage.VOIDED')?.value).toBe('Closed Lost');
    await expect(element).toBeAccessible();

    await save(root);
    expect(createRecord).toHaveBeenCalledTimes(1);
    const [input] = jest.mocked(createRecord).mock.calls[0] ?? [];
    expect(input).toMatchObject({
      apiName: 'Ledgerbridge_Settings__c',
      fields: { Settings_Ref__c: 'default', Version__c: 1 },
    });
    expect(JSON.parse(String(input?.fields.Settings_JSON__c))).toEqual(
      expect.objectContaining({
        contactOwner: 'xero',
        invoiceRules: {
          types: ['ACCREC'],
          statuses: ['AUTHORISED', 'PAID', 'VOIDED'],
          minAmount: 0,
          contactGroups: [],
        },
        paymentTermsDays: 30,
        organisations: {},
        routing: { rules: [], defaultXeroTenantId: null },
      }),
    );
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Saved as version 1. The worker applies them at its next poll.',
    );
  });

  it("without saved settings offers each of the installation's organisations with the defaults", async () => {
    const element = await loaded(noSettings);
    const root = element.shadowRoot;
    expect(field(root, 'organisation')?.options?.map((o) => o.label)).toEqual([
      'Acme Ltd (UK)',
      'Acme Pty (AU) (needs reconnecting)',
      'Acme NZ (disconnected)',
    ]);
    expect(field(root, 'organisation')?.value).toBe(UK);
    expect(field(root, 'defaultAccountCode')?.value).toBe('200');
    // Deals are routed only to an organisation that is still connected.
    expect(field(root, 'defaultOrganisation')?.options?.map((o) => o.label)).toEqual([
      'No organisation: the opportunity waits for an admin',
      'Acme Ltd (UK)',
      'Acme Pty (AU) (needs reconnecting)',
    ]);
    await save(root);
    const organisations = savedJson(jest.mocked(createRecord)).organisations as Record<string, unknown>;
    expect(Object.keys(organisations)).toEqual([UK, AU, NZ]);
    expect(organisations[AU]).toEqual({ taxRates: {}, items: {}, defaultAccountCode: '200' });
  });

  it("fills the shared parts, each organisation's own and the routing from the saved settings", async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="saved-summary"]')).toBe('Version 3, saved Nov 23, 2026, 8:59 AM UTC.');
    expect(textOf(root, '[data-id="worker-status"]')).toBe(
      'Worker: Applied as version 5 at 2026-11-23T09:00:00.000Z',
    );
    expect(field(root, 'contactOwner')?.value).toBe('crm');
    expect(field(root, 'contactGroups')?.value).toBe('VIP, Wholesale');
    expect(field(root, 'currencyMap')?.value).toBe('EURO=EUR');
    expect(field(root, 'stage.VOIDED')?.value).toBe('');
    expect(field(root, 'requireDiscountApproval')?.checked).toBe(true);
    expect(field(root, 'taxRates')?.value).toBe('VAT20=OUTPUT2');
    expect(field(root, 'items')?.value).toBe('LICENCE=260/LICENCE\nTRAVEL=493');
    expect(field(root, 'trackingCategory')?.value).toBe('Region');
    expect(field(root, 'trackingOption')?.value).toBe('North');
    expect(field(root, 'routingRules')?.value).toBe(
      'currency AUD => Acme Pty (AU)\nBusiness_Unit__c = APAC => Acme Pty (AU)',
    );
    expect(field(root, 'defaultOrganisation')?.value).toBe(UK);
    await expect(element).toBeAccessible();

    await change(root, 'organisation', { value: AU });
    expect(field(root, 'taxRates')?.value).toBe('GST=OUTPUT');
    expect(field(root, 'defaultAccountCode')?.value).toBe('4000');
    expect(field(root, 'trackingCategory')?.value).toBe('');
  });

  it('refuses to save invalid settings and puts each message next to its field', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    await change(root, 'invoiceTypes', { value: [] });
    await change(root, 'paymentTermsDays', { value: '400' });
    await change(root, 'allowedCurrencies', { value: 'EUR, usd' });
    await change(root, 'stage.AUTHORISED', { value: '' });
    await change(root, 'taxRates', { value: 'VAT20' });
    await change(root, 'trackingOption', { value: '' });
    await change(root, 'routingRules', { value: 'currency aud => Acme Pty (AU)\ncurrency NZD => Acme Ltd' });
    await save(root);

    expect(error(root, 'invoiceTypes')).toBe('choose at least one invoice type');
    expect(error(root, 'paymentTermsDays')).toBe('must be at most 365 days');
    expect(error(root, 'allowedCurrencies')).toBe(
      'entry 2: must be a three-letter ISO 4217 code such as USD',
    );
    expect(error(root, 'stage.AUTHORISED')).toBe('needs a stage: invoices in status AUTHORISED qualify');
    expect(error(root, 'taxRates')).toBe('line 1: write CODE=VALUE');
    expect(error(root, 'trackingOption')).toBe('option: must not be empty');
    expect(error(root, 'routingRules')).toBe('line 2: no Xero organisation is called Acme Ltd');
    expect(textOf(root, '[data-id="message"]')).toBe('Not saved: fix the fields marked below.');
    expect(error(root, 'minAmount')).toBe('');
    expect(updateRecord).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();

    // Fixing a field clears its message; another organisation's mistake shows on the picker.
    await change(root, 'paymentTermsDays', { value: '30' });
    expect(error(root, 'paymentTermsDays')).toBe('');
    await change(root, 'organisation', { value: AU });
    expect(error(root, 'organisation')).toBe('Acme Ltd (UK): trackingOption.option: must not be empty');
    expect(error(root, 'trackingOption')).toBe('');
  });

  it('refuses to route opportunities to a disconnected organisation, as the worker would', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    await change(root, 'routingRules', { value: 'currency NZD => Acme NZ' });
    await save(root);
    expect(error(root, 'routingRules')).toBe(
      `rule 1 (xeroTenantId): Xero organisation ${NZ} is not connected to this installation`,
    );
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('saves a change as the next version, guarded against another admin’s save meanwhile', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));
    await change(root, 'organisation', { value: AU });
    await change(root, 'defaultAccountCode', { value: '4100' });
    await change(root, 'routingRules', {
      value: 'currency aud => Acme Pty (AU)\nRegion__c = EU => Acme Ltd (UK)',
    });
    await change(root, 'defaultOrganisation', { value: '' });
    await change(root, 'shadowCrmToXero', { checked: true });
    await save(root);

    expect(updateRecord).toHaveBeenCalledWith(
      { fields: expect.objectContaining({ Id: savedRecord.Id, Version__c: 4 }) },
      { ifUnmodifiedSince: savedRecord.LastModifiedDate.value },
    );
    expect(savedJson()).toMatchObject({
      organisations: {
        [UK]: {
          defaultAccountCode: '200',
          items: { LICENCE: { accountCode: '260', itemCode: 'LICENCE' }, TRAVEL: { accountCode: '493' } },
          trackingOption: { category: 'Region', option: 'North' },
        },
        [AU]: { defaultAccountCode: '4100', taxRates: { GST: 'OUTPUT' } },
      },
      routing: {
        rules: [
          { when: { currency: 'AUD' }, xeroTenantId: AU },
          { when: { field: 'Region__c', equals: 'EU' }, xeroTenantId: UK },
        ],
        defaultXeroTenantId: null,
      },
      shadowMode: { xeroToCrm: false, crmToXero: true },
    });
    expect(toasts).toEqual([expect.objectContaining({ title: 'Settings saved', variant: 'success' })]);
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Saved as version 4. The worker applies them at its next poll.',
    );
  });

  it('shows settings saved before they were per organisation under each organisation, and saves them so', async () => {
    const element = await loaded(flatSettings);
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="message"]')).toMatch(
      /^These settings were saved before each Xero organisation/,
    );
    expect(field(root, 'defaultAccountCode')?.value).toBe('260');
    expect(field(root, 'trackingCategory')?.value).toBe('Region');
    await change(root, 'organisation', { value: AU });
    expect(field(root, 'taxRates')?.value).toBe('VAT20=OUTPUT2');
    await expect(element).toBeAccessible();

    await save(root);
    const json = savedJson();
    expect(json).not.toHaveProperty('taxRates');
    expect(json).not.toHaveProperty('defaultAccountCode');
    expect(json.invoiceRules).not.toHaveProperty('trackingOption');
    expect((json.organisations as Record<string, unknown>)[UK]).toEqual({
      taxRates: { VAT20: 'OUTPUT2' },
      items: { TRAVEL: { accountCode: '493' } },
      defaultAccountCode: '260',
      trackingOption: { category: 'Region', option: 'North' },
    });
  });

  it('without the list of organisations still edits the saved ones, by tenant ID', async () => {
    jest
      .mocked(listConnections)
      .mockRejectedValue({ body: { message: 'The Ledgerbridge worker could not be reached' } });
    const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
    await flushPromises();
    objectInfo.emit(settingsObjectAdmin, forObject('Ledgerbridge_Settings__c'));
    settingsQuery.emit(savedSettings);
    await flushPromises();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="organisations-error"]')).toBe(
      'The Xero organisations could not be loaded (The Ledgerbridge worker could not be reached): organisations show by tenant ID.',
    );
    expect(field(root, 'organisation')?.options?.map((o) => o.label)).toEqual([UK, AU]);
    expect(field(root, 'routingRules')?.value).toBe(
      `currency AUD => ${AU}\nBusiness_Unit__c = APAC => ${AU}`,
    );
    await save(root);
    expect(savedJson()).toMatchObject({
      routing: { defaultXeroTenantId: UK },
      organisations: { [AU]: { defaultAccountCode: '4000' } },
    });
  });

  it('an admin without the connections’ Apex edits the saved organisations by tenant ID, without an alarm', async () => {
    jest.mocked(listConnections).mockRejectedValue(noApexAccess);
    const element = mount('c-ledgerbridge-settings', LedgerbridgeSettings);
    await flushPromises();
    objectInfo.emit(settingsObjectAdmin, forObject('Ledgerbridge_Settings__c'));
    settingsQuery.emit(savedSettings);
    await flushPromises();
    const root = element.shadowRoot;
    expect(root.querySelector('[data-id="organisations-error"]')).toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(field(root, 'organisation')?.options?.map((o) => o.label)).toEqual([UK, AU]);
    await expect(element).toBeAccessible();
  });

  it('shows the payments (Stripe) defaults when none are saved, and saves them written out', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    expect(field(root, 'recordInXero')?.checked).toBe(false);
    expect(field(root, 'reminderDays')?.value).toBe('1, 7, 14');
    expect(field(root, 'collectionOwnerTaskAfter')?.value).toBe('3');
    expect(field(root, 'escalationDay')?.value).toBe('30');
    expect(field(root, 'makeRenewals')?.checked).toBe(true);
    expect(field(root, 'renewalLeadDays')?.value).toBe('60');
    expect(field(root, 'timeZone')?.value).toBe('UTC');
    await save(root);
    expect(savedJson().payments).toEqual({
      recordInXero: false,
      collection: { reminderDays: [1, 7, 14], ownerTaskAfterFailedAttempts: 3, escalationDay: 30 },
      renewalLeadDays: 60,
      timeZone: 'UTC',
    });
  });

  it('shows saved payments settings and saves an admin’s changes to them', async () => {
    const element = await loaded(
      withSaved({
        payments: {
          recordInXero: true,
          collection: { reminderDays: [0, 5], ownerTaskAfterFailedAttempts: 2, escalationDay: 45 },
          renewalLeadDays: 90,
          timeZone: 'Europe/London',
        },
      }),
    );
    const root = element.shadowRoot;
    expect(field(root, 'recordInXero')?.checked).toBe(true);
    expect(field(root, 'reminderDays')?.value).toBe('0, 5');
    expect(field(root, 'renewalLeadDays')?.value).toBe('90');
    await expect(element).toBeAccessible();

    await change(root, 'reminderDays', { value: '2, 9, 20' });
    await change(root, 'collectionOwnerTaskAfter', { value: '4' });
    await change(root, 'makeRenewals', { checked: false });
    expect(field(root, 'renewalLeadDays')).toBeNull();
    await change(root, 'timeZone', { value: 'America/New_York' });
    await save(root);
    expect(savedJson().payments).toEqual({
      recordInXero: true,
      collection: { reminderDays: [2, 9, 20], ownerTaskAfterFailedAttempts: 4, escalationDay: 45 },
      renewalLeadDays: null,
      timeZone: 'America/New_York',
    });
  });

  it('refuses payments settings the worker would refuse, with the message on the input', async () => {
    const element = await loaded(withSaved({ payments: { renewalLeadDays: null } }));
    const root = element.shadowRoot;
    expect(field(root, 'makeRenewals')?.checked).toBe(false);
    await change(root, 'reminderDays', { value: '7, 1' });
    await change(root, 'escalationDay', { value: '800' });
    await change(root, 'timeZone', { value: 'Mars/Olympus' });
    await save(root);
    expect(error(root, 'reminderDays')).toBe('must be strictly increasing');
    expect(error(root, 'escalationDay')).toBe('must be at most 730');
    expect(error(root, 'timeZone')).toBe('must be an IANA time zone such as Europe/London');
    expect(updateRecord).not.toHaveBeenCalled();

    await change(root, 'reminderDays', { value: '1, soon' });
    await save(root);
    expect(error(root, 'reminderDays')).toBe('entry 2: must be a whole number');
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('shows the delivery defaults when none are saved, and saves them written out', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    expect(field(root, 'deliverySender')?.value).toBe('off');
    expect(field(root, 'deliverySender')?.options?.map((o) => o.label)).toEqual([
      'Nobody (off)',
      'Xero sends its own e-mail',
      'Ledgerbridge sends a branded e-mail',
    ]);
    expect(field(root, 'deliveryReminderDays')?.value).toBe('-3, 0, 7, 14');
    expect(field(root, 'fileInCrm')?.checked).toBe(false);
    expect(field(root, 'portalLinkDays')?.value).toBe('30');
    expect(field(root, 'brandName')?.value).toBe('');
    expect(field(root, 'brandColour')?.value).toBe('#1F6FEB');
    await save(root);
    expect(savedJson().delivery).toEqual({
      sender: 'off',
      reminderDays: [-3, 0, 7, 14],
      fileInCrm: false,
      portalLinkDays: 30,
      brand: { colour: '#1F6FEB' },
    });
  });

  it('shows saved delivery settings and saves an admin’s changes to them', async () => {
    const element = await loaded(
      withSaved({
        delivery: {
          sender: 'xero',
          reminderDays: [0, 10],
          fileInCrm: false,
          portalLinkDays: 14,
          brand: { name: 'Acme Ltd', colour: '#112233', replyTo: 'ar@acme.example' },
        },
      }),
    );
    const root = element.shadowRoot;
    expect(field(root, 'deliverySender')?.value).toBe('xero');
    expect(field(root, 'deliveryReminderDays')?.value).toBe('0, 10');
    expect(field(root, 'fileInCrm')?.checked).toBe(false);
    expect(field(root, 'brandReplyTo')?.value).toBe('ar@acme.example');
    await expect(element).toBeAccessible();

    await change(root, 'deliverySender', { value: 'ledgerbridge' });
    await change(root, 'deliveryReminderDays', { value: '-5, 0, 7' });
    await change(root, 'fileInCrm', { checked: true });
    await change(root, 'portalLinkDays', { value: '60' });
    await change(root, 'brandLogoUrl', { value: 'https://cdn.acme.example/logo.png' });
    await change(root, 'brandReplyTo', { value: '' });
    await save(root);
    expect(savedJson().delivery).toEqual({
      sender: 'ledgerbridge',
      reminderDays: [-5, 0, 7],
      fileInCrm: true,
      portalLinkDays: 60,
      brand: { name: 'Acme Ltd', colour: '#112233', logoUrl: 'https://cdn.acme.example/logo.png' },
    });
  });

  it('refuses delivery settings the worker would refuse, with the message on the input', async () => {
    const element = await loaded(savedSettings);
    const root = element.shadowRoot;
    await change(root, 'deliveryReminderDays', { value: '7, -3' });
    await change(root, 'portalLinkDays', { value: '120' });
    await change(root, 'brandColour', { value: 'teal' });
    await change(root, 'brandLogoUrl', { value: 'http://acme.example/logo.png' });
    await change(root, 'brandReplyTo', { value: 'accounts@' });
    await save(root);
    expect(error(root, 'deliveryReminderDays')).toBe('must be strictly increasing');
    expect(error(root, 'portalLinkDays')).toBe('must be at most 90');
    expect(error(root, 'brandColour')).toBe('must be a colour such as #1F6FEB');
    expect(error(root, 'brandLogoUrl')).toBe('must be an https URL');
    expect(error(root, 'brandReplyTo')).toBe('must be an e-mail address');
    expect(updateRecord).not.toHaveBeenCalled();

    await change(root, 'deliveryReminderDays', { value: '-3, soon' });
    await save(root);
    expect(error(root, 'deliveryReminderDays')).toBe('entry 2: must be a whole number');
    expect(updateRecord).not.toHaveBeenCalled();
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
