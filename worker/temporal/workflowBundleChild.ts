import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleRequest } from './workflowBundle';
import { withoutSourcesContent } from './workflowSourceMap';

/** The child of bundleWorkflowsApart: bundles once, writes the code where it was told, exits. */
process.once('message', (request: WorkflowBundleRequest) => {
  bundleWorkflowCode({
    workflowsPath: request.workflowsPath,
    ...(request.workflowInterceptorModules
      ? { workflowInterceptorModules: request.workflowInterceptorModules }
      : {}),
    // webpack's progress lines are for a terminal, not the worker's log.
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  }).then(
    (bundle) => {
      writeFileSync(request.out, withoutSourcesContent(bundle.code));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
});
