import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { startBackfill } from '../temporal/connectionWork';
import { xeroBackfillWorkflowId } from '../temporal/workIds';
import { backfillProgressQuery } from '../../workflows/xero/xeroBackfill';
import { loadConfig } from '../config';
import { connectClient } from '../temporal/connection';
import { renderProgress } from './progressBar';

/**
 * `npm run backfill -- <xero tenant id>`: starts the initial load of that organisation into every
 * connected CRM (or attaches to the one running: connecting Xero starts it by itself) and shows its
 * progress until it is done. Ctrl-C stops watching, not the backfill: it is a Temporal workflow,
 * `xero-backfill:<tenant>` in the Temporal UI.
 */
async function run(): Promise<void> {
  const tenantId = process.argv[2];
  if (!tenantId || !/^[0-9a-f-]{36}$/i.test(tenantId))
    throw new Error('usage: npm run backfill -- <xero tenant id>   (see npm run connections)');
  const config = loadConfig();
  const { client, close } = await connectClient(config.temporal, config.operations).catch((err: unknown) => {
    throw new Error(`cannot reach Temporal (${String(err)}): is npm start running?`);
  });
  try {
    const handle = await startOrAttach(client, config.temporal.taskQueue, tenantId);
    const tty = process.stdout.isTTY;
    let printed = 0;
    for (;;) {
      const progress = await handle.query(backfillProgressQuery).catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) throw err;
        return undefined; // between runs (continue-as-new): ask again
      });
      const description = await handle.describe();
      if (progress) {
        const text = renderProgress(progress);
        if (tty && printed > 0) process.stdout.write(`\x1b[${printed}A\x1b[J`);
        if (tty || progress.stage === 'done') process.stdout.write(`${text}\n`);
        printed = text.split('\n').length;
      }
      if (description.status.name !== 'RUNNING' && description.status.name !== 'CONTINUED_AS_NEW') {
        process.stdout.write(`backfill ${description.status.name.toLowerCase()}: ${handle.workflowId}\n`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await close();
  }
}

async function startOrAttach(client: Client, taskQueue: string, tenantId: string) {
  const workflowId = xeroBackfillWorkflowId(tenantId);
  const running = await client.workflow
    .getHandle(workflowId)
    .describe()
    .then((d) => d.status.name === 'RUNNING')
    .catch(() => false);
  if (running) process.stdout.write(`attaching to the backfill already running (${workflowId})\n`);
  else await startBackfill(client, taskQueue, tenantId);
  return client.workflow.getHandle(workflowId);
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
