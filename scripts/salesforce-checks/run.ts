// The Salesforce offline checks over force-app, from the command line: `npm run check:salesforce`.
// Each check holds the package to an artefact of the platform's own (Metadata API typings, the LWC
// compiler, the Apex grammar and language server, Code Analyzer's security rules); the same checks
// run under jest in test/salesforce/checks, each beside a negative control.
import path from 'node:path';
import { checkApexSyntax } from './apexParseCheck';
import { checkApexSemantics } from './apexSemanticsCheck';
import { checkCodeAnalyzer } from './codeAnalyzerCheck';
import type { CheckResult } from './finding';
import { formatFinding } from './finding';
import { checkLwc } from './lwcCheck';
import { checkMetadata } from './metadataCheck';

const say = (line: string) => process.stdout.write(`${line}\n`);
const ROOT = path.resolve(__dirname, '../..');
const FORCE_APP = path.join(ROOT, 'force-app');
/** Standard objects' org defaults, outside the package (Salesforce does not package them). */
const ORG_DEFAULTS = path.join(ROOT, 'org-defaults');

/** `prefix`: where the result's paths start from, relative to the repository. */
function print(result: CheckResult, seconds: number, prefix: string): void {
  const verdict = result.findings.length === 0 ? 'ok' : `${result.findings.length} finding(s)`;
  say(`\n${result.check}: ${verdict} (${result.checked} checked, ${seconds.toFixed(1)} s)`);
  for (const finding of result.findings) say(`  ${prefix}${formatFinding(finding)}`);
}

async function timed<T>(work: () => T | Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await work();
  return [value, (Date.now() - started) / 1000];
}

async function run(): Promise<void> {
  // The two Java checks start first and run while the in-process ones work.
  const semantics = timed(() => checkApexSemantics([ROOT]));
  const analyzer = timed(() => checkCodeAnalyzer([FORCE_APP]));
  const results: Array<[CheckResult, number, string]> = [
    [...(await timed(() => checkMetadata(FORCE_APP))), 'force-app/'],
    [...(await timed(() => checkMetadata(ORG_DEFAULTS))), 'org-defaults/'],
    [...(await timed(() => checkLwc(path.join(FORCE_APP, 'main/default/lwc'), FORCE_APP))), 'force-app/'],
    [...(await timed(() => checkApexSyntax(FORCE_APP))), 'force-app/'],
  ];
  // apex-ls reports paths from the project root; Code Analyzer from the folder it was given.
  const [[semanticsResult], semanticsSeconds] = await semantics;
  const [[analyzerResult], analyzerSeconds] = await analyzer;
  if (!semanticsResult || !analyzerResult) throw new Error('a check returned no result');
  results.push([semanticsResult, semanticsSeconds, ''], [analyzerResult, analyzerSeconds, 'force-app/']);
  for (const [result, seconds, prefix] of results) print(result, seconds, prefix);
  const total = results.reduce((n, [r]) => n + r.findings.length, 0);
  say(`\n${total === 0 ? 'All Salesforce offline checks passed.' : `${total} finding(s).`}`);
  process.exitCode = total === 0 ? 0 : 1;
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
