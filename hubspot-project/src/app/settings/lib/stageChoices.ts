import type { DealPipeline, DealStage } from '../generated/dealPipelines';

/** Where a saved stage value is among the portal's pipelines. */
export type SavedStage =
  | { kind: 'unset' }
  | { kind: 'found'; pipeline: DealPipeline; stage: DealStage }
  /** Saved once, gone from HubSpot since (deleted or archived stage, or another portal's). */
  | { kind: 'missing'; value: string };

/**
 * Finds a saved value: by stage ID (what the page saves), else by label, case-insensitively (what
 * older settings and the defaults hold, and the worker accepts), in the preferred pipeline first.
 */
export function findStage(pipelines: DealPipeline[], value: string, preferred?: string): SavedStage {
  const wanted = value.trim();
  if (wanted === '') return { kind: 'unset' };
  const ordered = [...pipelines].sort((a, b) => Number(b.id === preferred) - Number(a.id === preferred));
  for (const match of [
    (s: DealStage) => s.id === wanted,
    (s: DealStage) => s.label.toLowerCase() === wanted.toLowerCase(),
  ])
    for (const pipeline of ordered) {
      const stage = pipeline.stages.find(match);
      if (stage) return { kind: 'found', pipeline, stage };
    }
  return { kind: 'missing', value: wanted };
}

/** The pipeline holding most of the saved stages (the first pipeline when none is found). */
export function initialPipeline(pipelines: DealPipeline[], saved: string[]): string {
  const counts = new Map<string, number>();
  for (const value of saved) {
    const found = findStage(pipelines, value);
    if (found.kind === 'found') counts.set(found.pipeline.id, (counts.get(found.pipeline.id) ?? 0) + 1);
  }
  const best = pipelines.reduce<DealPipeline | undefined>(
    (top, p) => ((counts.get(p.id) ?? 0) > (top ? (counts.get(top.id) ?? 0) : 0) ? p : top),
    undefined,
  );
  return (best ?? pipelines[0])?.id ?? '';
}

/** Saved labels become the stage IDs HubSpot knows them by; missing values stay, to be shown marked. */
export function stageIdsOf<K extends string>(
  pipelines: DealPipeline[],
  stages: Record<K, string>,
  preferred: string,
): Record<K, string> {
  const entries = Object.entries<string>(stages).map(([status, value]) => {
    const found = findStage(pipelines, value, preferred);
    return [status, found.kind === 'found' ? found.stage.id : value];
  });
  return Object.fromEntries(entries) as Record<K, string>;
}

export interface StageOption {
  label: string;
  value: string;
}

/**
 * The choices for one status: no stage, then the chosen pipeline's stages by label. A saved stage of
 * another pipeline is kept as a choice naming its pipeline; a missing one is kept, marked.
 */
export function stageOptions(pipelines: DealPipeline[], pipelineId: string, value: string): StageOption[] {
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const options: StageOption[] = [
    { label: 'No stage', value: '' },
    ...(pipeline?.stages ?? []).map((s) => ({ label: s.label, value: s.id })),
  ];
  const saved = findStage(pipelines, value, pipelineId);
  if (saved.kind === 'found' && saved.pipeline.id !== pipelineId)
    options.push({ label: `${saved.stage.label} (${saved.pipeline.label})`, value: saved.stage.id });
  if (saved.kind === 'missing')
    options.push({ label: `${saved.value} (no longer in HubSpot)`, value: saved.value });
  return options;
}

export function missingStageMessage(value: string): string {
  return `Stage “${value}” is no longer in HubSpot: choose another`;
}
