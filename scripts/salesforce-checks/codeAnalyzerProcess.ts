import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { CheckResult } from './finding';
import { CHECK_JVM_FLAGS } from './checkJvm';

const run = promisify(execFile);
const CLI = path.join(__dirname, 'codeAnalyzerCli.ts');

const Results = z.array(
  z.object({
    check: z.string(),
    checked: z.number(),
    findings: z.array(z.object({ file: z.string(), where: z.string(), message: z.string() })),
  }),
);

/** checkCodeAnalyzer run in a child process (see codeAnalyzerCli.ts for why). */
export async function checkCodeAnalyzerInChild(sourceDirs: string[]): Promise<CheckResult[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, ...sourceDirs], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
    // Code Analyzer starts its own JVMs: they take the same flags from the environment.
    env: { ...process.env, JAVA_TOOL_OPTIONS: CHECK_JVM_FLAGS.join(' ') },
  });
  return Results.parse(JSON.parse(stdout));
}
