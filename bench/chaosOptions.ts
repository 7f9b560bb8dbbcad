import { z } from 'zod';

/**
 * The sizes of a bench:chaos run, from CHAOS_* variables or `--name=value` arguments (the arguments
 * win), validated so a typo names the knob instead of running something else.
 */
const count = (min: number) => z.coerce.number().int().min(min);

export const chaosOptionsSchema = z.object({
  /** Changes made in Xero (contacts and invoices created and changed, payments made and deleted). */
  events: count(0).default(1_000),
  /** Deals set to won, half in Salesforce and half in HubSpot. */
  deals: count(0).default(200),
  /** Share of the worker's vendor API calls that fail (5xx, 429, timeout, dropped connection). */
  faultRate: z.coerce.number().min(0).max(0.9).default(0.2),
  /** Times the worker is SIGKILLed and restarted, spread over the load. */
  kills: count(0).default(3),
  /** Xero events a second; the deals are spread over the same time. */
  eventsPerSecond: z.coerce.number().positive().default(8),
  /**
   * After the last change, faults stay on while the worker catches up (so they hit the bulk of its
   * calls), until nothing is missing or this long has passed.
   */
  catchUpSeconds: count(0).default(300),
  /** How long a hung call holds its connection: past the activities' 10 s to 1 minute timeouts. */
  hangMs: count(1).max(600_000).default(70_000),
  /** After the load, with faults off: how long everything may take to arrive. */
  settleSeconds: count(1).default(600),
  /** The Xero organisation's size before the load (loaded into both CRMs first). */
  seedContacts: count(1).default(100),
  seedInvoices: count(0).default(200),
  /** The safety-net polls (Xero changes, won deals) every this many seconds. */
  pollSeconds: count(1).default(15),
  /** Seed of the load's choices (which record, which amount). */
  seed: count(0).default(2027),
});

export type ChaosOptions = z.infer<typeof chaosOptionsSchema>;

const ENV: Record<keyof ChaosOptions, string> = {
  events: 'CHAOS_EVENTS',
  deals: 'CHAOS_DEALS',
  faultRate: 'CHAOS_FAULT_RATE',
  kills: 'CHAOS_KILLS',
  eventsPerSecond: 'CHAOS_EVENTS_PER_SECOND',
  catchUpSeconds: 'CHAOS_CATCH_UP_SECONDS',
  hangMs: 'CHAOS_HANG_MS',
  settleSeconds: 'CHAOS_SETTLE_SECONDS',
  seedContacts: 'CHAOS_SEED_CONTACTS',
  seedInvoices: 'CHAOS_SEED_INVOICES',
  pollSeconds: 'CHAOS_POLL_SECONDS',
  seed: 'CHAOS_SEED',
};

/** Options from the environment, then `--events=30`-style arguments; throws naming each bad one. */
export function chaosOptionsFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): ChaosOptions {
  const input: Record<string, string> = {};
  for (const [key, variable] of Object.entries(ENV)) {
    const value = env[variable]?.trim();
    if (value) input[key] = value;
  }
  for (const arg of argv) {
    const match = /^--([a-zA-Z]+)=(.*)$/.exec(arg);
    if (!match?.[1] || !(match[1] in ENV)) throw new Error(`unknown argument ${arg}; known: ${knobs()}`);
    input[match[1]] = match[2] ?? '';
  }
  const parsed = chaosOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      parsed.error.issues
        .map((i) => `--${i.path.join('.')} (${ENV[i.path[0] as keyof ChaosOptions]}): ${i.message}`)
        .join('\n'),
    );
  return parsed.data;
}

function knobs(): string {
  return Object.keys(ENV)
    .map((k) => `--${k}`)
    .join(' ');
}
