import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from '@lwc/compiler';
import type { CheckResult, Finding } from './finding';

// @lwc/errors' DiagnosticLevel: Fatal 0, Error 1, Warning 2, Log 3.
const ERROR_LEVEL = 1;
const COMPILED = ['.js', '.html', '.css'];

/** The bundle's apiVersion from its .js-meta.xml: the compiler's behaviour follows it, as on the platform. */
function apiVersionOf(bundle: string, name: string): number | undefined {
  const meta = path.join(bundle, `${name}.js-meta.xml`);
  if (!existsSync(meta)) return undefined;
  const match = /<apiVersion>\s*([\d.]+)\s*<\/apiVersion>/.exec(readFileSync(meta, 'utf8'));
  return match?.[1] ? Number(match[1]) : undefined;
}

function compileFile(bundle: string, name: string, file: string, label: string): Finding[] {
  const source = readFileSync(path.join(bundle, file), 'utf8');
  const apiVersion = apiVersionOf(bundle, name);
  try {
    const { warnings = [] } = transformSync(source, file, {
      namespace: 'c',
      name,
      ...(apiVersion === undefined ? {} : { apiVersion }),
    });
    return warnings
      .filter((w) => w.level <= ERROR_LEVEL)
      .map((w) => ({
        file: label,
        where: w.location ? `line ${w.location.line}` : file,
        message: w.message,
      }));
  } catch (err) {
    return [
      {
        file: label,
        where: file,
        message: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
      },
    ];
  }
}

/**
 * Every Lightning Web Component under `lwcDir` through the LWC compiler the platform runs: each
 * .js, .html and .css of each bundle (tests excepted). The .js are what deploys (built from the
 * .ts by scripts/build-lwc.mjs), so a .ts without its .js is a finding, not something to compile here.
 */
export function checkLwc(lwcDir: string, labelRoot: string = lwcDir): CheckResult {
  const bundles = existsSync(lwcDir)
    ? readdirSync(lwcDir).filter((n) => statSync(path.join(lwcDir, n)).isDirectory())
    : [];
  const findings: Finding[] = [];
  for (const name of bundles) {
    const bundle = path.join(lwcDir, name);
    const label = (file: string) => path.relative(labelRoot, path.join(bundle, file));
    const files = readdirSync(bundle).filter((f) => statSync(path.join(bundle, f)).isFile());
    if (!files.includes(`${name}.js`))
      findings.push({
        file: label(`${name}.js`),
        where: name,
        message: 'the bundle has no main .js (run npm run build:lwc)',
      });
    for (const ts of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')))
      if (!files.includes(ts.replace(/\.ts$/, '.js')))
        findings.push({
          file: label(ts),
          where: name,
          message: 'no compiled .js beside it (run npm run build:lwc)',
        });
    for (const file of files.filter((f) => COMPILED.includes(path.extname(f))))
      findings.push(...compileFile(bundle, name, file, label(file)));
  }
  return { check: 'Lightning Web Components through @lwc/compiler', checked: bundles.length, findings };
}
