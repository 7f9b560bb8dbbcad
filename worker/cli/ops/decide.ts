import { userInfo } from 'node:os';
import { retrySignal, skipSignal } from '../../../workflows/humanWait';
import type { OpsContext } from './opsContext';

/** Who decided, for the audit trail: the person running the CLI. */
export function cliActor(): string {
  return `ops-cli:${userInfo().username}`;
}

/** `ops retry <workflowId>`: the stuck record tries again (after the cause was fixed). */
export async function retryCommand(ctx: OpsContext, workflowId: string, by = cliActor()): Promise<void> {
  const client = await ctx.client();
  await client.workflow.getHandle(workflowId).signal(retrySignal, { by });
  ctx.write(`Asked ${workflowId} to retry (audited as ${by}).\n`);
}

/** `ops skip <workflowId> --reason "…"`: the record is left as it is, with the reason audited. */
export async function skipCommand(
  ctx: OpsContext,
  workflowId: string,
  reason: string,
  by = cliActor(),
): Promise<void> {
  const client = await ctx.client();
  await client.workflow.getHandle(workflowId).signal(skipSignal, { reason, by });
  ctx.write(`Asked ${workflowId} to skip: "${reason}" (audited as ${by}).\n`);
}
