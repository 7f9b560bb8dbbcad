import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Input,
  LoadingButton,
  LoadingSpinner,
  NumberInput,
  Select,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { MappingSettingsPanel } from '../../src/app/settings/components/MappingSettingsPanel';
import { installationSettingsSchema } from '../../src/app/settings/generated/mappingSettings';
import type { SettingsPage } from '../../src/app/settings/generated/settingsPage';
import type { SaveResult } from '../../src/app/settings/lib/settingsClient';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';

/**
 * What a user types, handed to an input's onChange. The testing library (0.17) types trigger's
 * argument as the handler itself rather than the handler's argument; at run time it passes the value.
 */
const typed = <T,>(value: T) => value as never;

const defaults = installationSettingsSchema.parse({});
/** These tests type stage IDs: the account has no pipeline (DealStageFields.test.tsx has the pickers). */
const NO_PIPELINES = { load: () => Promise.resolve([]) };
const ADATUM = { xeroTenantId: 'tenant-1', name: 'Adatum Ltd', connected: true };
const ADATUM_AU = { xeroTenantId: 'tenant-2', name: 'Adatum Pty', connected: true };
const ready = (overrides: Partial<Extract<SettingsPage, { status: 'ready' }>> = {}): SettingsPage => ({
  status: 'ready',
  organisations: [ADATUM],
  version: 0,
  settings: defaults,
  savedBy: null,
  savedAt: null,
  ...overrides,
});

function setup() {
  const loads: Array<Deferred<SettingsPage>> = [];
  const saves: Array<{ expectedVersion: number; settings: unknown; answer: Deferred<SaveResult> }> = [];
  const source = {
    load: () => {
      const answer = deferred<SettingsPage>();
      loads.push(answer);
      return answer.promise;
    },
    save: (expectedVersion: number, settings: unknown) => {
      const answer = deferred<SaveResult>();
      saves.push({ expectedVersion, settings, answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const open = async (page: SettingsPage) => {
    renderer.render(<MappingSettingsPanel source={source} pipelines={NO_PIPELINES} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.resolve(page);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const input = (name: string) => renderer.find(Input, { name });
  const number = (name: string) => renderer.find(NumberInput, { name });
  const submit = () => renderer.find(LoadingButton, (b) => textOf(b) === 'Save settings').trigger('onClick');
  return { renderer, source, loads, saves, open, input, number, submit };
}

describe('mapping settings page', () => {
  it('shows a spinner, then the installation’s settings, the organisation’s own in their fields', async () => {
    const { renderer, source, loads, open, input, number } = setup();
    renderer.render(<MappingSettingsPanel source={source} pipelines={NO_PIPELINES} />);
    await eventually(() => expect(loads).toHaveLength(1));
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the mapping settings…');
    loads.length = 0;
    await open(
      ready({
        settings: {
          ...defaults,
          paymentTermsDays: 14,
          organisations: {
            'tenant-1': { taxRates: { VAT20: 'OUTPUT2' }, items: {}, defaultAccountCode: '210' },
          },
        },
      }),
    );
    expect(number('paymentTermsDays').props.value).toBe(14);
    expect(input('stages.PAID').props.value).toBe('Closed Won');
    expect(renderer.find(Input, { name: 'defaultAccountCode' }).props.value).toBe('210');
    expect(renderer.find(TextArea, { name: 'taxRates' }).props.value).toBe('VAT20=OUTPUT2');
    expect(renderer.find(Select, { name: 'organisation' }).props.value).toBe('tenant-1');
    expect(textOf(renderer.getRootNode())).toContain('Mapping settings of this installation.');
  });

  it('says how to connect a Xero organisation when there is none, and keeps the shared settings editable', async () => {
    const { renderer, open } = setup();
    await open(ready({ organisations: [] }));
    const empty = renderer.find(EmptyState, { title: 'No Xero organisation yet' });
    expect(textOf(empty)).toContain('Xero organisations tab');
    expect(renderer.maybeFind(Input, { name: 'defaultAccountCode' })).toBeNull();
    expect(renderer.maybeFind(LoadingButton)).not.toBeNull();
  });

  it('edits each organisation’s own account code through the picker, and the routing of won deals', async () => {
    const { renderer, open, input, submit, saves } = setup();
    await open(ready({ organisations: [ADATUM, ADATUM_AU] }));
    input('defaultAccountCode').trigger('onChange', typed('4000'));
    renderer.find(Select, { name: 'organisation' }).trigger('onChange', typed('tenant-2'));
    await eventually(() => expect(input('defaultAccountCode').props.value).toBe('200'));
    input('defaultAccountCode').trigger('onChange', typed('4100'));
    renderer
      .find(TextArea, { name: 'routingRules' })
      .trigger('onChange', typed('currency aud => Adatum Pty\nbusiness_unit = UK => tenant-1'));
    renderer.find(Select, { name: 'defaultOrganisation' }).trigger('onChange', typed('tenant-1'));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect(installationSettingsSchema.parse(saves[0]!.settings)).toMatchObject({
      organisations: {
        'tenant-1': { defaultAccountCode: '4000' },
        'tenant-2': { defaultAccountCode: '4100' },
      },
      routing: {
        rules: [
          { when: { currency: 'AUD' }, xeroTenantId: 'tenant-2' },
          { when: { field: 'business_unit', equals: 'UK' }, xeroTenantId: 'tenant-1' },
        ],
        defaultXeroTenantId: 'tenant-1',
      },
    });
  });

  it('a routing rule naming no organisation says which line, and nothing is sent', async () => {
    const { renderer, open, submit, saves } = setup();
    await open(ready());
    renderer
      .find(TextArea, { name: 'routingRules' })
      .trigger('onChange', typed('currency AUD => Somebody Else'));
    submit();
    await eventually(() =>
      expect(renderer.find(TextArea, { name: 'routingRules' }).props.validationMessage).toBe(
        'line 1: no Xero organisation is called Somebody Else',
      ),
    );
    expect(saves).toHaveLength(0);
  });

  it('shows why the settings could not be loaded, and tries again', async () => {
    const { renderer, source, loads } = setup();
    renderer.render(<MappingSettingsPanel source={source} pipelines={NO_PIPELINES} />);
    await eventually(() => expect(loads).toHaveLength(1));
    loads[0]!.reject(new Error('This HubSpot account is not connected to Ledgerbridge.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(renderer.find(ErrorState))).toContain(
      'This HubSpot account is not connected to Ledgerbridge.',
    );
    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(loads).toHaveLength(2));
  });

  it('checks with the shared schema before sending: messages next to each wrong field, nothing sent', async () => {
    const { renderer, open, input, number, submit, saves } = setup();
    await open(ready());
    number('paymentTermsDays').trigger('onChange', typed(400));
    input('allowedCurrencies').trigger('onChange', typed('usd, EUR'));
    input('stages.AUTHORISED').trigger('onChange', typed(''));
    submit();
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Some settings are not valid' })).not.toBeNull(),
    );
    expect(number('paymentTermsDays').props).toMatchObject({
      error: true,
      validationMessage: 'must be at most 365 days',
    });
    expect(input('allowedCurrencies').props).toMatchObject({
      error: true,
      validationMessage: 'must be a three-letter ISO 4217 code such as USD',
    });
    expect(input('stages.AUTHORISED').props.validationMessage).toBe(
      'needs a stage: invoices in status AUTHORISED qualify',
    );
    expect(input('defaultAccountCode').props.error).toBe(false);
    expect(saves).toHaveLength(0);
  });

  it('an unreadable line in a list says which line and how to write it', async () => {
    const { renderer, open, submit, saves } = setup();
    await open(ready());
    renderer.find(TextArea, { name: 'taxRates' }).trigger('onChange', typed('VAT20=OUTPUT2\nGST'));
    submit();
    await eventually(() =>
      expect(renderer.find(TextArea, { name: 'taxRates' }).props.validationMessage).toBe(
        'line 2: write CRM TAX CODE=XERO TAX TYPE',
      ),
    );
    expect(saves).toHaveLength(0);
  });

  it('saves the edited settings against the version it loaded, then says which version was saved', async () => {
    const { renderer, open, number, input, submit, saves } = setup();
    await open(ready({ version: 3 }));
    number('paymentTermsDays').trigger('onChange', typed(14));
    renderer.find(TextArea, { name: 'taxRates' }).trigger('onChange', typed('VAT20=OUTPUT2'));
    input('allowedCurrencies').trigger('onChange', typed('USD, EUR'));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect(saves[0]!.expectedVersion).toBe(3);
    expect(installationSettingsSchema.parse(saves[0]!.settings)).toMatchObject({
      paymentTermsDays: 14,
      organisations: { 'tenant-1': { taxRates: { VAT20: 'OUTPUT2' } } },
      currencies: { allowed: ['USD', 'EUR'] },
    });
    expect(renderer.find(LoadingButton).props.loading).toBe(true);
    saves[0]!.answer.resolve({
      kind: 'saved',
      version: 4,
      settings: installationSettingsSchema.parse(saves[0]!.settings),
    });
    await eventually(() => expect(renderer.maybeFind(Alert, { title: 'Settings saved' })).not.toBeNull());
    expect(textOf(renderer.find(Alert, { title: 'Settings saved' }))).toBe(
      'Saved as version 4. The sync uses them from now on.',
    );
  });

  it('shows the worker’s verdict per field, and a stale form as a reload prompt', async () => {
    const { renderer, open, submit, saves, loads, number } = setup();
    await open(ready({ version: 2 }));
    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    saves[0]!.answer.resolve({
      kind: 'invalid',
      fieldErrors: { 'organisations.tenant-1.defaultAccountCode': 'no such account in Xero' },
    });
    await eventually(() =>
      expect(renderer.find(Input, { name: 'defaultAccountCode' }).props.validationMessage).toBe(
        'no such account in Xero',
      ),
    );

    number('paymentTermsDays').trigger('onChange', typed(20));
    submit();
    await eventually(() => expect(saves).toHaveLength(2));
    saves[1]!.answer.resolve({
      kind: 'stale',
      message:
        'Someone saved these settings since you opened them (now version 3). Reload to see their changes.',
      currentVersion: 3,
    });
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Someone else saved these settings' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert, { title: 'Someone else saved these settings' }))).toContain(
      'now version 3',
    );
    renderer.find(Button, (b) => textOf(b) === 'Reload').trigger('onClick');
    await eventually(() => expect(loads).toHaveLength(2));
  });
});
