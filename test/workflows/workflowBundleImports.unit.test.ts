import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * What the workflow bundle evaluates. With reused V8 contexts, every workflow run evaluates the
 * bundle's own modules again, so a library with costly module-level set-up (zod builds classes and
 * schemas) costs that on every run. Validation happens in activities instead; this test follows the
 * runtime imports (not `import type`) from workflows/index.ts and fails if zod is reached.
 */
const ROOT = path.resolve(__dirname, '../..');

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(?!type\b)([^;]*?)\sfrom\s+'([^']+)'/gms)) {
    const clause = m[2] ?? '';
    // `import { type A, type B } from` brings in nothing at run time.
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    if (names && names.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue;
    specifiers.push(m[3] as string);
  }
  for (const m of source.matchAll(/^\s*import\s+'([^']+)'/gm)) specifiers.push(m[1] as string);
  return specifiers;
}

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const imports = runtimeImports(file);
    seen.set(file, imports);
    for (const spec of imports) {
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      queue.push(base.endsWith('.ts') ? base : `${base}.ts`);
    }
  }
  return seen;
}

describe('the workflow bundle', () => {
  const graph = reachable(path.join(ROOT, 'workflows/index.ts'));

  it('follows the workflow modules', () => {
    expect(graph.has(path.join(ROOT, 'workflows/xero/xeroRecordSync.ts'))).toBe(true);
    expect(graph.has(path.join(ROOT, 'workflows/crm/dealToXero.ts'))).toBe(true);
    expect(graph.has(path.join(ROOT, 'workflows/humanWait.ts'))).toBe(true);
    expect(graph.has(path.join(ROOT, 'workflows/errorTypes.ts'))).toBe(true);
  });

  it('does not import zod (settings are validated by the activity that loads them)', () => {
    const importers = [...graph]
      .filter(([, imports]) => imports.some((s) => s === 'zod' || s.startsWith('zod/')))
      .map(([file]) => path.relative(ROOT, file));
    expect(importers).toEqual([]);
  });

  it('does not import Node built-ins (a workflow is deterministic and does no I/O)', () => {
    const builtins = new Set(builtinModules);
    const importers = [...graph]
      .filter(([, imports]) =>
        imports.some((s) => s.startsWith('node:') || builtins.has(s.split('/')[0] ?? s)),
      )
      .map(([file]) => path.relative(ROOT, file));
    expect(importers).toEqual([]);
  });
});
