import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Alert,
  Input,
  LoadingButton,
  LoadingSpinner,
  NumberInput,
  Select,
  Toggle,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { MappingSettingsPanel } from '../../src/app/settings/components/MappingSettingsPanel';
import {
  installationSettingsSchema,
  type InstallationSettings,
} from '../../src/app/settings/generated/mappingSettings';
import type { SettingsPage } from '../../src/app/settings/generated/settingsPage';
import type { SaveResult } from '../../src/app/settings/lib/settingsClient';
import { draftFieldOf } from '../../src/app/settings/lib/settingsDraft';
import { accessibilityProblems } from '../support/accessibility';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';

/** The saved section is held to the settings schema, so a fixture the worker would refuse fails here. */
const saved = (): InstallationSettings =>
  installationSettingsSchema.parse(
    JSON.parse(readFileSync(path.join(__dirname, 'data', 'deliverySettings.json'), 'utf8')) as unknown,
  );
const defaults = installationSettingsSchema.parse({});
/** The testing library (0.17) types trigger's argument as the handler; at run time it passes the value. */
const typed = <T,>(value: T) => value as never;
const NO_PIPELINES = { load: () => Promise.resolve([]) };
const ADATUM = { xeroTenantId: 'tenant-1', name: 'Adatum Ltd', connected: true };

function setup() {
  const loads: Array<Deferred<SettingsPage>> = [];
  const saves: Array<{ settings: unknown; answer: Deferred<SaveResult> }> = [];
  const source = {
    load: () => {
      const answer = deferred<SettingsPage>();
      loads.push(answer);
      return answer.promise;
    },
    save: (_version: number, settings: unknown) => {
      const answer = deferred<SaveResult>();
      saves.push({ settings, answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const open = async (settings: InstallationSettings) => {
    renderer.render(<MappingSettingsPanel source={source} pipelines={NO_PIPELINES} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.resolve({
      status: 'ready',
      organisations: [ADATUM],
      version: 5,
      settings,
      savedBy: null,
      savedAt: null,
    });
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const input = (name: string) => renderer.find(Input, { name: `delivery.${name}` });
  const number = (name: string) => renderer.find(NumberInput, { name: `delivery.${name}` });
  const toggle = (name: string) => renderer.find(Toggle, { name: `delivery.${name}` });
  const sender = () => renderer.find(Select, { name: 'delivery.sender' });
  const submit = () => renderer.find(LoadingButton, (b) => textOf(b) === 'Save settings').trigger('onClick');
  const refused = () =>
    eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Some settings are not valid' })).not.toBeNull(),
    );
  const savedDelivery = (n = 0) => (saves[n]!.settings as InstallationSettings).delivery;
  return { renderer, saves, open, input, number, toggle, sender, submit, refused, savedDelivery };
}

describe('mapping settings page: Invoice delivery', () => {
  it('shows the saved delivery section, each field labelled', async () => {
    const { renderer, open, input, number, toggle, sender } = setup();
    await open(saved());
    expect(textOf(renderer.getRootNode())).toContain('Invoice delivery');
    expect(sender().props).toMatchObject({ value: 'ledgerbridge', label: 'Who sends approved invoices' });
    expect(sender().props.options.map((o: { label: string }) => o.label)).toEqual([
      'Nobody (off)',
      'Xero sends its own e-mail',
      'Ledgerbridge sends a branded e-mail',
    ]);
    expect(input('reminderDays').props.value).toBe('-5, 0, 10');
    expect(toggle('fileInCrm').props.checked).toBe(false);
    expect(number('portalLinkDays').props.value).toBe(14);
    expect(input('brandName').props.value).toBe('Adatum Ltd');
    expect(input('brandColour').props.value).toBe('#0B7A75');
    expect(input('brandLogoUrl').props.value).toBe('https://cdn.adatum.example/logo.png');
    expect(input('brandReplyTo').props.value).toBe('accounts@adatum.example');
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('with nothing saved shows the defaults: off, -3, 0, 7, 14, not filed in HubSpot, 30 days', async () => {
    const { open, input, number, toggle, sender, submit, savedDelivery, saves } = setup();
    await open(defaults);
    expect(sender().props.value).toBe('off');
    expect(input('reminderDays').props.value).toBe('-3, 0, 7, 14');
    expect(toggle('fileInCrm').props.checked).toBe(false);
    expect(number('portalLinkDays').props.value).toBe(30);
    expect(input('brandName').props.value).toBe('');
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect(installationSettingsSchema.parse(saves[0]!.settings).delivery).toEqual(defaults.delivery);
    expect(savedDelivery()).toEqual({
      sender: 'off',
      reminderDays: [-3, 0, 7, 14],
      fileInCrm: false,
      portalLinkDays: 30,
      brand: { colour: '#1F6FEB' },
    });
  });

  it('saves every changed field, an emptied brand input left out', async () => {
    const { open, input, number, toggle, sender, submit, saves, savedDelivery } = setup();
    await open(saved());
    sender().trigger('onChange', typed('xero'));
    input('reminderDays').trigger('onChange', typed(' -7,0 , 3, '));
    toggle('fileInCrm').trigger('onChange', typed(true));
    number('portalLinkDays').trigger('onChange', typed(45));
    input('brandName').trigger('onChange', typed('  Adatum Billing '));
    input('brandColour').trigger('onChange', typed('#123abc'));
    input('brandLogoUrl').trigger('onChange', typed(''));
    input('brandReplyTo').trigger('onChange', typed('ar@adatum.example'));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect(savedDelivery()).toEqual({
      sender: 'xero',
      reminderDays: [-7, 0, 3],
      fileInCrm: true,
      portalLinkDays: 45,
      brand: { name: 'Adatum Billing', colour: '#123abc', replyTo: 'ar@adatum.example' },
    });
  });

  it.each([
    ['7, -3', 'must be strictly increasing'],
    ['-3, soon', '"soon" is not a whole number of days: write days from the due date, e.g. -3, 0, 7, 14'],
    ['0, 2.5', '"2.5" is not a whole number of days: write days from the due date, e.g. -3, 0, 7, 14'],
  ])(
    'reminder days %j: the message is on the reminder days input, nothing is saved',
    async (text, message) => {
      const { open, input, submit, saves, refused } = setup();
      await open(saved());
      input('reminderDays').trigger('onChange', typed(text));
      submit();
      await refused();
      expect(input('reminderDays').props).toMatchObject({ error: true, validationMessage: message });
      expect(input('brandName').props.error).toBe(false);
      expect(saves).toHaveLength(0);
    },
  );

  it('the schema’s other delivery messages land on their own inputs', async () => {
    const { open, input, number, submit, saves, refused } = setup();
    await open(saved());
    number('portalLinkDays').trigger('onChange', typed(91));
    input('brandColour').trigger('onChange', typed('teal'));
    input('brandLogoUrl').trigger('onChange', typed('http://cdn.adatum.example/logo.png'));
    input('brandReplyTo').trigger('onChange', typed('accounts@'));
    input('reminderDays').trigger('onChange', typed('-61, 0'));
    submit();
    await refused();
    expect(number('portalLinkDays').props.error).toBe(true);
    expect(input('brandColour').props.validationMessage).toBe('must be a colour such as #1F6FEB');
    expect(input('brandLogoUrl').props.validationMessage).toBe('must be an https URL');
    expect(input('brandReplyTo').props.validationMessage).toBe('must be an e-mail address');
    expect(input('reminderDays').props.error).toBe(true);
    expect(input('brandName').props.error).toBe(false);
    expect(saves).toHaveLength(0);
  });

  it('the worker’s verdict on a delivery path is shown on that input, one on no input on the section', async () => {
    const { renderer, open, input, submit, saves } = setup();
    await open(saved());
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    saves[0]!.answer.resolve({
      kind: 'invalid',
      fieldErrors: {
        'delivery.brand.replyTo': 'must be an e-mail address',
        'delivery.brand': 'expected an object',
      },
    });
    await eventually(() =>
      expect(input('brandReplyTo').props.validationMessage).toBe('must be an e-mail address'),
    );
    expect(textOf(renderer.find(Alert, { title: 'The delivery settings are not valid' }))).toBe(
      'expected an object',
    );
  });
});

describe('which input shows a delivery error', () => {
  it.each([
    ['delivery.sender', 'delivery.sender'],
    ['delivery.reminderDays', 'delivery.reminderDays'],
    ['delivery.reminderDays.2', 'delivery.reminderDays'],
    ['delivery.fileInCrm', 'delivery.fileInCrm'],
    ['delivery.portalLinkDays', 'delivery.portalLinkDays'],
    ['delivery.brand.name', 'delivery.brandName'],
    ['delivery.brand.colour', 'delivery.brandColour'],
    ['delivery.brand.logoUrl', 'delivery.brandLogoUrl'],
    ['delivery.brand.replyTo', 'delivery.brandReplyTo'],
    ['delivery.brand', 'delivery'],
    ['delivery', 'delivery'],
  ])('%s → %s', (schemaPath, field) => expect(draftFieldOf(schemaPath)).toBe(field));
});
