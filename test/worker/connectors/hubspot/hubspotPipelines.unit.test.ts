import { mapDealPipelines } from '../../../../worker/connectors/hubspot/hubspotPipelines';

const stage = (id: string, displayOrder: number, extra: Record<string, unknown> = {}) => ({
  id,
  label: `Stage ${id}`,
  displayOrder,
  archived: false,
  metadata: { isClosed: 'false', probability: '0.5' },
  ...extra,
});
const pipeline = (id: string, displayOrder: number, stages: unknown[], archived = false) => ({
  id,
  label: `Pipeline ${id}`,
  displayOrder,
  archived,
  stages,
});

describe('mapDealPipelines', () => {
  it('keeps live pipelines and stages in display order, reading the string metadata', () => {
    const mapped = mapDealPipelines({
      results: [
        pipeline('b', 1, [stage('b2', 1), stage('b1', 0, { archived: true })]),
        pipeline('gone', 0, [stage('g1', 0)], true),
        pipeline('a', 0, [
          stage('a2', 1, { metadata: { isClosed: 'true', probability: '1.0' } }),
          stage('a1', 0, { metadata: undefined }),
        ]),
      ],
    });
    expect(mapped).toEqual([
      {
        id: 'a',
        label: 'Pipeline a',
        stages: [
          { id: 'a1', label: 'Stage a1', isClosed: false, probability: null },
          { id: 'a2', label: 'Stage a2', isClosed: true, probability: 1 },
        ],
      },
      {
        id: 'b',
        label: 'Pipeline b',
        stages: [{ id: 'b2', label: 'Stage b2', isClosed: false, probability: 0.5 }],
      },
    ]);
  });

  it('refuses an answer that is not a pipelines collection', () => {
    expect(() => mapDealPipelines({ results: [{ id: 'x' }] })).toThrow();
  });
});
