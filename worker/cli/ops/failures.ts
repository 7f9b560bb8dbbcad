import { storyQuery } from '../../../workflows/story';
import { listExecutions } from '../../temporal/listExecutions';
import { FAILED_QUERY, WAITING_QUERY, type OpsContext } from './opsContext';

/** How long the listing waits for one record's story. */
const STORY_DEADLINE_MS = 5_000;

/**
 * `ops failures`: records waiting for a person (with their story: what failed and since when),
 * then workflows that failed outright, each with the command that deals with it.
 */
export async function failuresCommand(ctx: OpsContext, options: { limit?: number } = {}): Promise<void> {
  const client = await ctx.client();
  const limit = options.limit ?? 50;
  let waiting = 0;
  for await (const execution of listExecutions(client, WAITING_QUERY)) {
    if (++waiting > limit) break;
    // A record no worker answers for (its queue unpolled) must not hold up the listing for long.
    const story = await client
      .withDeadline(Date.now() + STORY_DEADLINE_MS, () =>
        client.workflow.getHandle(execution.workflowId).query(storyQuery),
      )
      .catch((err: unknown) => `(story unavailable: ${err instanceof Error ? err.message : String(err)})`);
    ctx.write(
      `WAITING  ${execution.workflowId}\n  ${story}\n` +
        `  npm run ops -- retry ${execution.workflowId}\n` +
        `  npm run ops -- skip ${execution.workflowId} --reason "..."\n`,
    );
  }
  let failed = 0;
  for await (const execution of listExecutions(client, FAILED_QUERY)) {
    if (++failed > limit) break;
    ctx.write(
      `FAILED   ${execution.workflowId} (${execution.type}) at ${execution.closeTime?.toISOString() ?? '?'}\n`,
    );
  }
  if (waiting === 0 && failed === 0) ctx.write('Nothing is waiting for a person and nothing failed.\n');
}
