import { Button, EmptyState, ErrorState, Input, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import { useEffect, useState } from 'react';
import type { RemoteState } from '../../cards/lib/remoteState';
import type { DealPipeline } from '../generated/dealPipelines';
import { INVOICE_STATUSES, type InvoiceStatus } from '../lib/settingsDraft';
import {
  findStage,
  initialPipeline,
  missingStageMessage,
  stageIdsOf,
  stageOptions,
} from '../lib/stageChoices';

type Stages = Record<InvoiceStatus, string>;

export interface DealStageFieldsProps {
  stages: Stages;
  pipelines: { state: RemoteState<DealPipeline[]>; reload: () => void };
  errors: Record<string, string>;
  onChange: (stages: Stages) => void;
}

/**
 * The deal stage each invoice status moves a deal to: a pipeline, then its stages by label (the
 * stage ID is what is saved). While HubSpot's pipelines cannot be read, stage IDs can be typed.
 */
export function DealStageFields({ stages, pipelines, errors, onChange }: DealStageFieldsProps) {
  const { state, reload } = pipelines;
  if (state.status === 'loading')
    return <LoadingSpinner label="Loading HubSpot's deal pipelines…" showLabel />;
  if (state.status === 'success' && state.data.length > 0)
    return <StagePickers stages={stages} pipelines={state.data} errors={errors} onChange={onChange} />;
  return (
    <>
      {state.status === 'error' ? (
        <ErrorState title="HubSpot's deal pipelines could not be read">
          <Text>{state.message} Meanwhile, type each stage's ID.</Text>
          <Button onClick={reload}>Try again</Button>
        </ErrorState>
      ) : (
        <EmptyState title="No deal pipelines" imageName="integrations" layout="horizontal">
          <Text>This HubSpot account has no deal pipeline to choose stages from. Type each stage's ID.</Text>
        </EmptyState>
      )}
      {INVOICE_STATUSES.map((status) => (
        <Input
          key={status}
          label={`Stage ID for ${status}`}
          name={`stages.${status}`}
          value={stages[status]}
          onChange={(v) => onChange({ ...stages, [status]: v })}
          error={`stages.${status}` in errors}
          validationMessage={errors[`stages.${status}`] ?? ''}
        />
      ))}
    </>
  );
}

function StagePickers({
  stages,
  pipelines,
  errors,
  onChange,
}: Omit<DealStageFieldsProps, 'pipelines'> & { pipelines: DealPipeline[] }) {
  const [pipelineId, setPipelineId] = useState(() => initialPipeline(pipelines, Object.values(stages)));

  // Settings saved by label (the defaults are "Closed Won"…) are held as stage IDs from now on.
  useEffect(() => {
    const ids = stageIdsOf(pipelines, stages, pipelineId);
    if (INVOICE_STATUSES.some((s) => ids[s] !== stages[s])) onChange(ids);
    // Once per list of pipelines: later edits are the user's.
  }, [pipelines]);

  return (
    <>
      <Select
        label="Deal pipeline"
        name="pipeline"
        value={pipelineId}
        options={pipelines.map((p) => ({ label: p.label, value: p.id }))}
        onChange={(v) => setPipelineId(String(v))}
      />
      {INVOICE_STATUSES.map((status) => {
        const field = `stages.${status}`;
        const saved = findStage(pipelines, stages[status], pipelineId);
        const message =
          errors[field] ?? (saved.kind === 'missing' ? missingStageMessage(saved.value) : undefined);
        return (
          <Select
            key={status}
            label={`Stage for ${status}`}
            name={field}
            value={saved.kind === 'found' ? saved.stage.id : stages[status]}
            options={stageOptions(pipelines, pipelineId, stages[status])}
            onChange={(v) => onChange({ ...stages, [status]: String(v) })}
            error={message !== undefined}
            validationMessage={message ?? ''}
          />
        );
      })}
    </>
  );
}
