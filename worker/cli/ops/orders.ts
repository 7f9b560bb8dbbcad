import { z } from 'zod';
import { installationSlugSchema } from '../../installations/installationStore';
import type { OrderState } from '../../store/orderTables';
import { installationIdOf, type OpsContext } from './opsContext';

export const ORDERS_USAGE = `  orders <slug> [--state <state>] [--limit N]
                                       an installation's web-shop orders, newest first (state: received, invoiced,
                                       awaiting_month_end, billing, billed, rejected), and refused posts`;

const STATES = ['received', 'invoiced', 'awaiting_month_end', 'billing', 'billed', 'rejected'] as const;

export interface OrdersCommand {
  name: 'orders';
  installation: string;
  state: OrderState | undefined;
  limit: number;
}

const argsSchema = z.object({
  installation: installationSlugSchema,
  state: z.enum(STATES, { error: `--state: one of ${STATES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: '--limit: a number' }).int().min(1).max(10_000).default(50),
});

/** Parses `orders <slug> [--state s] [--limit N]`; a message naming the bad argument otherwise. */
export function parseOrdersArgs(
  positional: string[],
  named: Record<string, string>,
): OrdersCommand | { error: string } {
  const parsed = argsSchema.safeParse({
    installation: positional[0],
    state: named.state,
    limit: named.limit,
  });
  if (!parsed.success) return { error: `orders: ${parsed.error.issues[0]?.message ?? 'bad arguments'}` };
  return { name: 'orders', ...parsed.data, state: parsed.data.state };
}

/** `ops orders`: what became of an installation's orders, and the posts refused as not orders. */
export async function ordersCommand(ctx: OpsContext, command: OrdersCommand): Promise<void> {
  const db = await ctx.db();
  const installation = { id: await installationIdOf(ctx, command.installation) };
  let query = db
    .selectFrom('orders')
    .select([
      'order_id',
      'payment_method',
      'state',
      'total_cents',
      'currency',
      'billing_period',
      'reason',
      'received_at',
    ])
    .where('installation_id', '=', installation.id);
  if (command.state) query = query.where('state', '=', command.state);
  const orders = await query
    .orderBy('received_at', 'desc')
    .orderBy('order_id', 'desc')
    .limit(command.limit)
    .execute();
  if (orders.length === 0) ctx.write(`No ${command.state ?? ''} orders.\n`.replace('  ', ' '));
  else
    ctx.write(
      'received              order                method   state               total        period   why\n',
    );
  for (const o of orders)
    ctx.write(
      [
        o.received_at.toISOString().slice(0, 19) + 'Z',
        o.order_id.padEnd(20),
        o.payment_method.padEnd(8),
        o.state.padEnd(19),
        `${(Number(o.total_cents) / 100).toFixed(2)} ${o.currency}`.padEnd(12),
        (o.billing_period ?? '').padEnd(8),
        o.reason ?? '',
      ]
        .join(' ')
        .trimEnd() + '\n',
    );
  const refused = await db
    .selectFrom('order_rejections')
    .select(['order_id', 'reason', 'received_at', 'notified_at'])
    .where('installation_id', '=', installation.id)
    .orderBy('received_at', 'desc')
    .limit(10)
    .execute();
  if (refused.length > 0) {
    ctx.write('\nposts refused as not orders (newest 10):\n');
    for (const r of refused)
      ctx.write(
        `${r.received_at.toISOString().slice(0, 19)}Z ${(r.order_id ?? '(no id)').padEnd(20)} ${r.notified_at ? 'told' : 'not yet told'}: ${r.reason}\n`,
      );
  }
}
