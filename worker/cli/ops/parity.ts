import { runParityCheckNow } from '../../parity/paritySchedule';
import type { OpsContext } from './opsContext';

/**
 * `ops parity`: a parity check now for every connected Xero organisation against every active CRM
 * connection (the workflow of issue #9), waiting for each result.
 */
export async function parityCommand(ctx: OpsContext): Promise<void> {
  const db = await ctx.db();
  const connections = await db
    .selectFrom('connections')
    .select(['id', 'vendor', 'external_id'])
    .where('status', '=', 'active')
    .execute();
  const tenants = connections.filter((c) => c.vendor === 'xero');
  const crms = connections.filter((c) => c.vendor !== 'xero');
  if (tenants.length === 0 || crms.length === 0) {
    ctx.write('A parity check needs an active Xero connection and an active CRM connection.\n');
    return;
  }
  const client = await ctx.client();
  for (const tenant of tenants)
    for (const crm of crms) {
      const run = await runParityCheckNow(client, ctx.taskQueue, {
        xeroTenantId: tenant.external_id,
        crmConnectionId: crm.id,
      });
      ctx.write(`Started ${run.workflowId} (${crm.vendor})…\n`);
      const result = await run.result;
      ctx.write(`  ${result.summary}\n`);
    }
}
