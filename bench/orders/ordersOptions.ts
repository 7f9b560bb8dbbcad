import { z } from 'zod';

/** The sizes of a bench:orders run, from `--orders 200`-style arguments (or `--orders=200`). */
const count = (min: number) => z.coerce.number().int().min(min);

export const ordersOptionsSchema = z.object({
  /** Posts made in all: valid orders, malformed posts and exact re-posts of earlier bodies. */
  orders: count(10).default(10_000),
  /** Posts a second, kept steady (a retry after a refused post does not hold the others back). */
  rate: z.coerce.number().positive().default(25),
  /** Times the worker is SIGKILLed (and restarted at once), at even shares of the accepted orders. */
  kills: count(0).default(1),
  /** Xero contacts with account numbers whose HubSpot company has monthly billing ticked. */
  accountCustomers: count(1).default(200),
  /** Xero contacts who pay by card (found by e-mail); some card orders come from new customers. */
  cardCustomers: count(1).default(300),
  /** Shares of the posts: signed but malformed (expect 400), and exact re-posts (expect 200). */
  malformedShare: z.coerce.number().min(0).max(0.5).default(0.05),
  duplicateShare: z.coerce.number().min(0).max(0.5).default(0.1),
  /** After the last post: how long the order workflows (and then the month end) may take. */
  waitSeconds: count(1).default(1_200),
  /** Card orders the bare baseline makes straight through xero-node (0: none; default all). */
  bare: count(0).optional(),
  seed: count(0).default(2424),
});

export type OrdersOptions = z.infer<typeof ordersOptionsSchema> & { bare: number };

const FLAGS: Record<string, keyof z.input<typeof ordersOptionsSchema>> = {
  orders: 'orders',
  rate: 'rate',
  kills: 'kills',
  'account-customers': 'accountCustomers',
  'card-customers': 'cardCustomers',
  'malformed-share': 'malformedShare',
  'duplicate-share': 'duplicateShare',
  'wait-seconds': 'waitSeconds',
  bare: 'bare',
  seed: 'seed',
};

/** `--orders N --rate R --kills K …`; throws naming a bad one. */
export function ordersOptionsFrom(argv: readonly string[]): OrdersOptions {
  const input: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key = m ? FLAGS[m[1] ?? ''] : undefined;
    const value = m?.[2] ?? argv[++i];
    if (!key || value === undefined)
      throw new Error(
        `bench:orders: unknown or incomplete argument ${arg} (${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(' ')})`,
      );
    input[key] = value;
  }
  const parsed = ordersOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `bench:orders: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  return { ...parsed.data, bare: parsed.data.bare ?? Number.MAX_SAFE_INTEGER };
}
