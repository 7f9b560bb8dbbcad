import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The workflow code bundled by webpack in a short-lived child process, returned as code. Bundling in
 * the worker itself raised its peak memory by about 200 MB (webpack, its caches and the source
 * maps), which the process then kept; the child takes that peak with it when it exits.
 */
export async function bundleWorkflowsApart(options: {
  workflowsPath: string;
  workflowInterceptorModules?: string[];
}): Promise<{ code: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bundle-'));
  const out = path.join(dir, 'workflow-bundle.js');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = fork(path.join(__dirname, 'workflowBundleChild.ts'), [], {
        // tsx reads the TypeScript, whatever runs this process (tsx, or jest's own transform).
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`bundling the workflows failed (${code}): ${stderr.trim()}`)),
      );
      child.send({ ...options, out } satisfies WorkflowBundleRequest);
    });
    return { code: readFileSync(out, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface WorkflowBundleRequest {
  workflowsPath: string;
  workflowInterceptorModules?: string[];
  /** Where the child writes the bundle. */
  out: string;
}
