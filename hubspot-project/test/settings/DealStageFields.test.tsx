/// <reference types="node" />
// The fixture is read from disk: this project's tsconfig has no Node types otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Button,
  EmptyState,
  ErrorState,
  Input,
  LoadingButton,
  LoadingSpinner,
  Select,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { MappingSettingsPanel } from '../../src/app/settings/components/MappingSettingsPanel';
import { dealPipelinesSchema, type DealPipeline } from '../../src/app/settings/generated/dealPipelines';
import {
  installationSettingsSchema,
  type InstallationSettings,
} from '../../src/app/settings/generated/mappingSettings';
import type { SettingsPage } from '../../src/app/settings/generated/settingsPage';
import type { SaveResult } from '../../src/app/settings/lib/settingsClient';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';
import { accessibilityProblems } from '../support/accessibility';

/** Each test's renderer, checked for accessibility in the state the test leaves it in. */
let rendered: ReturnType<typeof createRenderer> | undefined;
afterEach(() => {
  const renderer = rendered;
  rendered = undefined;
  if (renderer) expect(accessibilityProblems(renderer)).toEqual([]);
});

/** The fixture is held to the worker's contract: one the worker could not send fails here. */
const twoPipelines = (): DealPipeline[] =>
  dealPipelinesSchema.parse(
    JSON.parse(readFileSync(path.join(__dirname, 'data', 'dealPipelines.json'), 'utf8')) as unknown,
  ).pipelines;

/** The testing library (0.17) types trigger's argument as the handler; at run time it passes the value. */
const picked = <T,>(value: T) => value as never;

const defaults = installationSettingsSchema.parse({});
const page = (settings: InstallationSettings = defaults): SettingsPage => ({
  status: 'ready',
  organisations: [{ xeroTenantId: 'tenant-1', name: 'Adatum Ltd', connected: true }],
  version: 3,
  settings,
  savedBy: null,
  savedAt: null,
});

function setup() {
  const pipelineLoads: Array<Deferred<DealPipeline[]>> = [];
  const saves: Array<{ settings: unknown; answer: Deferred<SaveResult> }> = [];
  const renderer = createRenderer('settings');
  rendered = renderer;
  let settingsPage = page();
  const source = {
    load: () => Promise.resolve(settingsPage),
    save: (_version: number, settings: unknown) => {
      const answer = deferred<SaveResult>();
      saves.push({ settings, answer });
      return answer.promise;
    },
  };
  const pipelines = {
    load: () => {
      const answer = deferred<DealPipeline[]>();
      pipelineLoads.push(answer);
      return answer.promise;
    },
  };
  const open = async (settings?: InstallationSettings) => {
    if (settings) settingsPage = page(settings);
    renderer.render(<MappingSettingsPanel source={source} pipelines={pipelines} />);
    await eventually(() => expect(renderer.maybeFind(LoadingButton)).not.toBeNull());
    await eventually(() => expect(pipelineLoads).toHaveLength(1));
  };
  const answerPipelines = async (list: DealPipeline[]) => {
    pipelineLoads.at(-1)!.resolve(list);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const select = (name: string) => renderer.find(Select, { name });
  const optionLabels = (name: string) => select(name).props.options.map((o) => o.label);
  const submit = () => renderer.find(LoadingButton, (b) => textOf(b) === 'Save settings').trigger('onClick');
  return { renderer, pipelineLoads, saves, open, answerPipelines, select, optionLabels, submit };
}

describe('mapping settings page: the deal stage of each invoice status', () => {
  it("waits for HubSpot's pipelines with a labelled spinner while the rest of the form is usable", async () => {
    const { renderer, open } = setup();
    await open();
    expect(renderer.find(LoadingSpinner).props.label).toBe("Loading HubSpot's deal pipelines…");
    expect(renderer.maybeFind(Select, { name: 'stages.PAID' })).toBeNull();
    expect(renderer.find(Select, { name: 'createInvoiceAs' }).props.label).toBe('Create invoices as');
  });

  it('offers a pipeline, then its stages by label, and saves the stage IDs', async () => {
    const { open, answerPipelines, select, optionLabels, submit, saves } = setup();
    await open();
    await answerPipelines(twoPipelines());

    expect(select('pipeline').props.label).toBe('Deal pipeline');
    expect(optionLabels('pipeline')).toEqual(['Sales Pipeline', 'Renewals']);
    // The defaults name stages by label; they are held as the default pipeline's stage IDs.
    expect(select('pipeline').props.value).toBe('default');
    await eventually(() => expect(select('stages.PAID').props.value).toBe('closedwon'));
    expect(select('stages.PAID').props.label).toBe('Stage for PAID');
    expect(select('stages.PAID').props.error).toBe(false);
    // "Proposal" is a Salesforce stage name no HubSpot pipeline has: kept, and marked.
    expect(select('stages.DRAFT').props).toMatchObject({ value: 'Proposal', error: true });
    expect(optionLabels('stages.PAID')).toEqual([
      'No stage',
      'Appointment Scheduled',
      'Qualified To Buy',
      'Presentation Scheduled',
      'Decision Maker Bought-In',
      'Contract Sent',
      'Closed Won',
      'Closed Lost',
    ]);

    select('pipeline').trigger('onChange', picked('75010001'));
    await eventually(() =>
      expect(optionLabels('stages.PAID')).toEqual([
        'No stage',
        'Renewal Due',
        'Renewal Quoted',
        'Renewed',
        'Churned',
        'Closed Won (Sales Pipeline)',
      ]),
    );
    select('stages.PAID').trigger('onChange', picked('75010013'));
    await eventually(() => expect(select('stages.PAID').props.value).toBe('75010013'));

    submit();
    await eventually(() => expect(saves).toHaveLength(1));
    expect(saves[0]!.settings).toMatchObject({
      stageByStatus: {
        DRAFT: 'Proposal',
        AUTHORISED: 'closedwon',
        PAID: '75010013',
        VOIDED: 'closedlost',
      },
    });
  });

  it('opens on the pipeline the saved stages are in, and marks a saved stage HubSpot no longer has', async () => {
    const { open, answerPipelines, select, optionLabels } = setup();
    await open({
      ...defaults,
      stageByStatus: {
        ...defaults.stageByStatus,
        AUTHORISED: '75010012',
        PAID: '75010013',
        VOIDED: '75019999',
      },
    });
    await answerPipelines(twoPipelines());

    expect(select('pipeline').props.value).toBe('75010001');
    expect(select('stages.PAID').props).toMatchObject({ value: '75010013', error: false });
    expect(select('stages.VOIDED').props).toMatchObject({
      value: '75019999',
      error: true,
      validationMessage: 'Stage “75019999” is no longer in HubSpot: choose another',
    });
    expect(optionLabels('stages.VOIDED').at(-1)).toBe('75019999 (no longer in HubSpot)');
    select('stages.VOIDED').trigger('onChange', picked('75010014'));
    await eventually(() => expect(select('stages.VOIDED').props.error).toBe(false));
  });

  it('with no pipeline in the account: says so, and stage IDs can be typed', async () => {
    const { renderer, open, answerPipelines } = setup();
    await open();
    await answerPipelines([]);
    expect(renderer.find(EmptyState).props.title).toBe('No deal pipelines');
    expect(renderer.maybeFind(Select, { name: 'pipeline' })).toBeNull();
    expect(renderer.find(Input, { name: 'stages.PAID' }).props).toMatchObject({
      label: 'Stage ID for PAID',
      value: 'Closed Won',
    });
  });

  it('when the pipelines cannot be read: says why, stage IDs can be typed, and tries again', async () => {
    const { renderer, pipelineLoads, open, answerPipelines, select } = setup();
    await open();
    pipelineLoads[0]!.reject(new Error('HubSpot could not be reached just now; try again shortly.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(renderer.find(ErrorState).props.title).toBe("HubSpot's deal pipelines could not be read");
    expect(textOf(renderer.find(ErrorState))).toContain('HubSpot could not be reached just now');
    expect(renderer.find(Input, { name: 'stages.PAID' }).props.label).toBe('Stage ID for PAID');

    renderer.find(Button, (b) => textOf(b) === 'Try again').trigger('onClick');
    await eventually(() => expect(pipelineLoads).toHaveLength(2));
    await answerPipelines(twoPipelines());
    expect(renderer.maybeFind(ErrorState)).toBeNull();
    await eventually(() => expect(select('stages.PAID').props.value).toBe('closedwon'));
  });
});
