import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Alert, Input, LoadingButton, LoadingSpinner, NumberInput, Toggle } from '@hubspot/ui-extensions';
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
    JSON.parse(readFileSync(path.join(__dirname, 'data', 'paymentSettings.json'), 'utf8')) as unknown,
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
  const input = (name: string) => renderer.find(Input, { name: `payments.${name}` });
  const number = (name: string) => renderer.find(NumberInput, { name: `payments.${name}` });
  const toggle = (name: string) => renderer.find(Toggle, { name: `payments.${name}` });
  const submit = () => renderer.find(LoadingButton, (b) => textOf(b) === 'Save settings').trigger('onClick');
  const refused = () =>
    eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Some settings are not valid' })).not.toBeNull(),
    );
  return { renderer, saves, open, input, number, toggle, submit, refused };
}

describe('mapping settings page: Payments (Stripe)', () => {
  it('shows the saved payments section, each field labelled', async () => {
    const { renderer, open, input, number, toggle } = setup();
    await open(saved());
    expect(textOf(renderer.getRootNode())).toContain('Payments (Stripe)');
    expect(toggle('recordInXero').props).toMatchObject({
      checked: true,
      label: 'Record Stripe payments in Xero',
    });
    expect(textOf(renderer.getRootNode())).toContain('needs the accounting.payments scope');
    expect(input('reminderDays').props.value).toBe('0, 5, 20');
    expect(number('ownerTaskAfterFailedAttempts').props.value).toBe(2);
    expect(number('escalationDay').props.value).toBe(45);
    expect(toggle('makeRenewalDeals').props.checked).toBe(true);
    expect(number('renewalLeadDays').props.value).toBe(90);
    expect(input('timeZone').props.value).toBe('Europe/London');
    // The Stripe attempts and the Xero reversals each say which they count.
    expect(number('ownerTaskAfterFailedAttempts').props.label).toContain('Stripe');
    expect(renderer.find(NumberInput, { name: 'paymentFailureTaskThreshold' }).props.label).toContain(
      'Xero payments reversed or deleted',
    );
    expect(accessibilityProblems(renderer)).toEqual([]);
  });

  it('no renewal deals (null lead days): the toggle is off and no lead days are asked', async () => {
    const { renderer, open, toggle } = setup();
    await open({ ...defaults, payments: { ...defaults.payments, renewalLeadDays: null } });
    expect(toggle('makeRenewalDeals').props.checked).toBe(false);
    expect(renderer.maybeFind(NumberInput, { name: 'payments.renewalLeadDays' })).toBeNull();
  });

  it('saves every changed field in the payments section, renewal deals off as null', async () => {
    const { open, input, number, toggle, submit, saves } = setup();
    await open(saved());
    toggle('recordInXero').trigger('onChange', typed(false));
    input('reminderDays').trigger('onChange', typed(' 2,10 , 30, '));
    number('ownerTaskAfterFailedAttempts').trigger('onChange', typed(4));
    number('escalationDay').trigger('onChange', typed(60));
    toggle('makeRenewalDeals').trigger('onChange', typed(false));
    input('timeZone').trigger('onChange', typed(' America/New_York '));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect((saves[0]!.settings as InstallationSettings).payments).toEqual({
      recordInXero: false,
      collection: { reminderDays: [2, 10, 30], ownerTaskAfterFailedAttempts: 4, escalationDay: 60 },
      renewalLeadDays: null,
      timeZone: 'America/New_York',
    });
  });

  it('turning renewal deals on offers 60 days, and the lead days typed are saved', async () => {
    const { open, number, toggle, submit, saves } = setup();
    await open({ ...defaults, payments: { ...defaults.payments, renewalLeadDays: null } });
    toggle('makeRenewalDeals').trigger('onChange', typed(true));
    await eventually(() => expect(number('renewalLeadDays').props.value).toBe(60));
    number('renewalLeadDays').trigger('onChange', typed(30));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect((saves[0]!.settings as InstallationSettings).payments).toMatchObject({ renewalLeadDays: 30 });
  });

  it.each([
    ['7, 1', 'must be strictly increasing'],
    ['1, x, 14', '"x" is not a whole number of days: write days after the due date, e.g. 1, 7, 14'],
    ['1, 7.5', '"7.5" is not a whole number of days: write days after the due date, e.g. 1, 7, 14'],
  ])(
    'reminder days %j: the message is on the reminder days input, nothing is saved',
    async (text, message) => {
      const { open, input, submit, saves, refused } = setup();
      await open(saved());
      input('reminderDays').trigger('onChange', typed(text));
      submit();
      await refused();
      expect(input('reminderDays').props).toMatchObject({ error: true, validationMessage: message });
      expect(input('timeZone').props.error).toBe(false);
      expect(saves).toHaveLength(0);
    },
  );

  it('the schema’s other payments messages land on their own inputs', async () => {
    const { open, input, number, submit, saves, refused } = setup();
    await open(saved());
    input('timeZone').trigger('onChange', typed('London'));
    number('renewalLeadDays').trigger('onChange', typed(0));
    number('ownerTaskAfterFailedAttempts').trigger('onChange', typed(0));
    submit();
    await refused();
    expect(input('timeZone').props.validationMessage).toBe('must be an IANA time zone such as Europe/London');
    expect(number('renewalLeadDays').props.error).toBe(true);
    expect(number('ownerTaskAfterFailedAttempts').props.error).toBe(true);
    expect(number('escalationDay').props.error).toBe(false);
    expect(input('reminderDays').props.error).toBe(false);
    expect(saves).toHaveLength(0);
  });

  it('the worker’s verdict on a payments path is shown on that input, one on no input on the section', async () => {
    const { renderer, open, input, submit, saves } = setup();
    await open(saved());
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    saves[0]!.answer.resolve({
      kind: 'invalid',
      fieldErrors: {
        'payments.collection.reminderDays': 'must be strictly increasing',
        'payments.collection': 'expected an object',
      },
    });
    await eventually(() =>
      expect(input('reminderDays').props.validationMessage).toBe('must be strictly increasing'),
    );
    expect(textOf(renderer.find(Alert, { title: 'The payments settings are not valid' }))).toBe(
      'expected an object',
    );
  });
});

describe('which input shows a payments error', () => {
  it.each([
    ['payments.recordInXero', 'payments.recordInXero'],
    ['payments.collection.reminderDays', 'payments.reminderDays'],
    ['payments.collection.reminderDays.2', 'payments.reminderDays'],
    ['payments.collection.ownerTaskAfterFailedAttempts', 'payments.ownerTaskAfterFailedAttempts'],
    ['payments.collection.escalationDay', 'payments.escalationDay'],
    ['payments.renewalLeadDays', 'payments.renewalLeadDays'],
    ['payments.timeZone', 'payments.timeZone'],
    ['payments.collection', 'payments'],
    ['payments', 'payments'],
  ])('%s → %s', (schemaPath, field) => expect(draftFieldOf(schemaPath)).toBe(field));
});
