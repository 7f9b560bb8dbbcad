import { z } from 'zod';
import type { DealPipeline } from '../../hubspotApp/contracts/dealPipelines';

/**
 * What Ledgerbridge reads of `GET /crm/v3/pipelines/deals` (the SDK's
 * `crm.pipelines.pipelinesApi.getAll('deals')`, a `CollectionResponsePipelineNoPaging`). Stage
 * metadata values are strings ("true", "0.2"), as HubSpot sends them.
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide
 */
const rawStageSchema = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number(),
  archived: z.boolean(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export const rawPipelinesSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number(),
      archived: z.boolean(),
      stages: z.array(rawStageSchema),
    }),
  ),
});

const byDisplayOrder = (a: { displayOrder: number }, b: { displayOrder: number }) =>
  a.displayOrder - b.displayOrder;

function probabilityOf(raw: string | undefined): number | null {
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

/** The live pipelines and stages, in HubSpot's display order. */
export function mapDealPipelines(raw: unknown): DealPipeline[] {
  return rawPipelinesSchema
    .parse(raw)
    .results.filter((p) => !p.archived)
    .sort(byDisplayOrder)
    .map((p) => ({
      id: p.id,
      label: p.label,
      stages: p.stages
        .filter((s) => !s.archived)
        .sort(byDisplayOrder)
        .map((s) => ({
          id: s.id,
          label: s.label,
          isClosed: s.metadata?.isClosed === 'true',
          probability: probabilityOf(s.metadata?.probability),
        })),
    }));
}
