import { SourceMapConsumer, SourceMapGenerator } from 'source-map';
import { withoutSourcesContent } from '../../../worker/temporal/workflowSourceMap';

// As webpack writes it (Temporal's bundler).
const INLINE_MAP = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

/** A two-line "bundle" of one original file, with webpack's kind of inline map (sources copied in). */
function bundleWithInlineMap(): { code: string; source: string } {
  const source = 'export function syncOnce() {\n  throw new Error("no");\n}\n';
  const generator = new SourceMapGenerator({ file: 'workflow-bundle.js' });
  generator.addMapping({
    source: 'webpack://workflows/xero/xeroRecordSync.ts',
    original: { line: 2, column: 2 },
    generated: { line: 2, column: 4 },
    name: 'syncOnce',
  });
  generator.setSourceContent('webpack://workflows/xero/xeroRecordSync.ts', source);
  const code = 'function a(){\n    throw new Error("no")}\n';
  return { code: `${code}${INLINE_MAP}${Buffer.from(generator.toString()).toString('base64')}\n`, source };
}

function inlineMap(code: string): Record<string, unknown> {
  const at = code.lastIndexOf(INLINE_MAP);
  return JSON.parse(Buffer.from(code.slice(at + INLINE_MAP.length), 'base64').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('withoutSourcesContent', () => {
  it('drops the copied sources and keeps the code and every mapping', async () => {
    const { code, source } = bundleWithInlineMap();
    expect(inlineMap(code).sourcesContent).toEqual([source]);

    const stripped = withoutSourcesContent(code);

    expect(stripped.slice(0, stripped.lastIndexOf(INLINE_MAP))).toBe(
      code.slice(0, code.lastIndexOf(INLINE_MAP)),
    );
    const map = inlineMap(stripped);
    expect(map).not.toHaveProperty('sourcesContent');
    expect(map.mappings).toBe(inlineMap(code).mappings);
    // What Temporal's workflow thread does with a stack frame: the original file, line and name.
    const consumer = await new SourceMapConsumer(map as never);
    try {
      expect(consumer.originalPositionFor({ line: 2, column: 4 })).toEqual({
        source: 'webpack://workflows/xero/xeroRecordSync.ts',
        line: 2,
        column: 2,
        name: 'syncOnce',
      });
    } finally {
      consumer.destroy();
    }
  });

  it('leaves code without an inline map as it is', () => {
    expect(withoutSourcesContent('function a(){}\n')).toBe('function a(){}\n');
  });
});
