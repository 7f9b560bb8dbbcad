import { api, objectTypeOf, sendJson, type ApiDeps, type Route } from './api';
import { hubspotError } from './errors';
import { objectScope, type ObjectType } from './objectTypes';
import { DEFAULT_DEAL_STAGES, DEFAULT_STAGES, RENEWALS_PIPELINE, type StageSpec } from './dealStages';

/**
 * The Pipelines API (read) for deals: HubSpot's default "Sales Pipeline" and a second pipeline, as
 * `@hubspot/api-client`'s `Pipeline`/`PipelineStage` models have them (metadata values are strings;
 * a closed stage's probability is 1.0 when won, 0.0 when lost). Scope `crm.objects.deals.read`.
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide
 */
function pipelineJson(
  pipeline: { id: string; label: string; stages: readonly StageSpec[] },
  displayOrder: number,
  createdAt: number,
): Record<string, unknown> & { id: string; stages: unknown[] } {
  const at = new Date(createdAt).toISOString();
  return {
    id: pipeline.id,
    label: pipeline.label,
    displayOrder,
    stages: pipeline.stages.map((s, i) => ({
      id: s.id,
      label: s.label,
      displayOrder: i,
      metadata: { isClosed: String(s.isClosed), probability: s.probability },
      writePermissions: 'CRUD_ALL',
      createdAt: at,
      updatedAt: at,
      archived: false,
    })),
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

/** Every portal's deal pipelines, in display order. */
export function dealPipelines(createdAt: number): Array<ReturnType<typeof pipelineJson>> {
  const defaultPipeline = {
    id: 'default',
    label: 'Sales Pipeline',
    stages: DEFAULT_DEAL_STAGES.map((id) => {
      const [label, probability] = DEFAULT_STAGES[id];
      return { id, label, probability, isClosed: id === 'closedwon' || id === 'closedlost' };
    }),
  };
  return [pipelineJson(defaultPipeline, 0, createdAt), pipelineJson(RENEWALS_PIPELINE, 1, createdAt)];
}

export function pipelineRoutes(on: Route, deps: ApiDeps, createdAt: number): void {
  const { ids } = deps;
  const typeOf = (params: Record<string, string>) => objectTypeOf(ids, params.objectType);
  const pipelinesOf = (type: ObjectType) => (type === 'deals' ? dealPipelines(createdAt) : []);
  const scope = (ctx: { params: Record<string, string> }) => objectScope(typeOf(ctx.params), 'read');
  const pipelineOr404 = (type: ObjectType, id: string) => {
    const pipeline = pipelinesOf(type).find((p) => p.id === id);
    if (!pipeline)
      throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${id}`, {
        context: { pipelineId: [id] },
      });
    return pipeline;
  };

  on(
    'GET',
    '/crm/v3/pipelines/:objectType',
    api(deps, scope, ({ ctx }) => sendJson(ctx, 200, { results: pipelinesOf(typeOf(ctx.params)) })),
  );
  on(
    'GET',
    '/crm/v3/pipelines/:objectType/:pipelineId',
    api(deps, scope, ({ ctx }) =>
      sendJson(ctx, 200, pipelineOr404(typeOf(ctx.params), ctx.params.pipelineId ?? '')),
    ),
  );
  on(
    'GET',
    '/crm/v3/pipelines/:objectType/:pipelineId/stages',
    api(deps, scope, ({ ctx }) =>
      sendJson(ctx, 200, { results: pipelineOr404(typeOf(ctx.params), ctx.params.pipelineId ?? '').stages }),
    ),
  );
}
