import { z } from 'zod';

/**
 * The HubSpot settings page's contract with the worker for `GET /hubspot/pipelines`: the portal's
 * deal pipelines, each with its stages, in HubSpot's display order (archived ones left out). The
 * page shows labels and saves stage IDs (HubSpot's `dealstage` values) in the mapping settings.
 * Generated into hubspot-project/src/app/settings/generated/.
 */
export const dealStageSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  /** A closed stage ends the deal: won (probability 1) or lost (0). */
  isClosed: z.boolean(),
  probability: z.number().min(0).max(1).nullable(),
});
export type DealStage = z.infer<typeof dealStageSchema>;

export const dealPipelineSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  stages: z.array(dealStageSchema),
});
export type DealPipeline = z.infer<typeof dealPipelineSchema>;

export const dealPipelinesSchema = z.object({ pipelines: z.array(dealPipelineSchema) });
export type DealPipelines = z.infer<typeof dealPipelinesSchema>;
