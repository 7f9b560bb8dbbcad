const INLINE_MAP = '//# sourceMappingURL=data:';

/**
 * The bundle with its inline source map kept but the map's copies of the original sources dropped.
 * Temporal requires the inline map and parses it in the workflow thread to map stack traces to the
 * original files and lines, which needs only the mappings; the copies (about 650 kB of the bundle's
 * 1.9 MB) serve only the stack-trace query's source excerpts (showStackTraceSources, off here).
 */
export function withoutSourcesContent(code: string): string {
  const at = code.lastIndexOf(INLINE_MAP);
  // webpack writes `data:application/json;charset=utf-8;base64,`; Temporal reads from `base64,` on.
  const base64At = at < 0 ? -1 : code.indexOf('base64,', at);
  if (base64At < 0) return code;
  const prefix = code.slice(at, base64At + 'base64,'.length);
  const map = JSON.parse(
    Buffer.from(code.slice(at + prefix.length).trimEnd(), 'base64').toString('utf8'),
  ) as Record<string, unknown>;
  delete map.sourcesContent;
  return `${code.slice(0, at)}${prefix}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
