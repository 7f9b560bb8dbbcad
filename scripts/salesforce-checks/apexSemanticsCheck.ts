import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CheckResult, Finding } from './finding';
import { CHECK_JVM_FLAGS } from './checkJvm';

const run = promisify(execFile);
const HARNESS = path.join(__dirname, 'ApexSemantics.java');

/** The jars of Code Analyzer's PMD engine: PMD, apex-ls and the platform's standard types. */
export function pmdEngineJavaLib(): string {
  const require = createRequire(__filename);
  return path.join(path.dirname(require.resolve('@salesforce/code-analyzer-pmd-engine')), 'java-lib');
}

/**
 * Semantic errors (unknown types, variables, methods, fields) in the Apex of each Salesforce DX
 * project, from apex-ls through ApexSemantics.java (Java 11+ runs a single source file directly).
 * One JVM for all projects: its start-up and the standard library load are most of the cost.
 */
export async function checkApexSemantics(projects: string[]): Promise<CheckResult[]> {
  const { stdout } = await run(
    process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java',
    [...CHECK_JVM_FLAGS, '-cp', path.join(pmdEngineJavaLib(), '*'), HARNESS, ...projects],
    { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
  );
  const findings: Finding[][] = projects.map(() => []);
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [index, file, row, column, ...message] = line.split('\t');
    const project = projects[Number(index)];
    if (project === undefined || file === undefined) throw new Error(`ApexSemantics.java said: ${line}`);
    findings[Number(index)]?.push({
      file: path.relative(project, file),
      where: `line ${row}:${column}`,
      message: message.join('\t'),
    });
  }
  return projects.map((_, i) => ({
    check: 'Apex semantics (apex-ls, bundled with Code Analyzer PMD)',
    checked: 1,
    findings: findings[i] ?? [],
  }));
}
