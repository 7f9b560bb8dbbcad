/**
 * The deal stages of the emulated portal's pipelines (pipelines.ts serves them): HubSpot's default
 * pipeline and a custom one. A closed stage with probability 1.0 is won, as HubSpot derives
 * `hs_is_closed_won` from the stage's metadata, whatever the pipeline.
 */

/** Stage ids of HubSpot's default deal pipeline, in order. */
export const DEFAULT_DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
] as const;

export interface StageSpec {
  id: string;
  label: string;
  probability: string;
  isClosed: boolean;
}

export const DEFAULT_STAGES: Record<
  (typeof DEFAULT_DEAL_STAGES)[number],
  [label: string, probability: string]
> = {
  appointmentscheduled: ['Appointment Scheduled', '0.2'],
  qualifiedtobuy: ['Qualified To Buy', '0.4'],
  presentationscheduled: ['Presentation Scheduled', '0.6'],
  decisionmakerboughtin: ['Decision Maker Bought-In', '0.8'],
  contractsent: ['Contract Sent', '0.9'],
  closedwon: ['Closed Won', '1.0'],
  closedlost: ['Closed Lost', '0.0'],
};

/**
 * A custom pipeline as HubSpot makes one: numeric IDs, unique across the portal. Its labels differ
 * from the default pipeline's, because the worker also resolves stages by label.
 */
export const RENEWALS_PIPELINE = {
  id: '75010001',
  label: 'Renewals',
  stages: [
    { id: '75010011', label: 'Renewal Due', probability: '0.5', isClosed: false },
    { id: '75010012', label: 'Renewal Quoted', probability: '0.8', isClosed: false },
    { id: '75010013', label: 'Renewed', probability: '1.0', isClosed: true },
    { id: '75010014', label: 'Churned', probability: '0.0', isClosed: true },
  ],
} as const;

const ALL_STAGES: StageSpec[] = [
  ...DEFAULT_DEAL_STAGES.map((id) => {
    const [label, probability] = DEFAULT_STAGES[id];
    return { id, label, probability, isClosed: id === 'closedwon' || id === 'closedlost' };
  }),
  ...RENEWALS_PIPELINE.stages,
];

/** Every stage id a deal may hold, in any pipeline. */
export const DEAL_STAGE_IDS: readonly string[] = ALL_STAGES.map((s) => s.id);

/** What HubSpot calculates from a deal's stage: closed, and closed won (probability 1.0). */
export function stageOutcome(stageId: string): { closed: boolean; won: boolean } {
  const stage = ALL_STAGES.find((s) => s.id === stageId);
  return {
    closed: stage?.isClosed ?? false,
    won: (stage?.isClosed ?? false) && stage?.probability === '1.0',
  };
}
