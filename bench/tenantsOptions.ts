import { z } from 'zod';

/**
 * The sizes of a bench:tenants run, from TENANTS_* variables or `--name=value` arguments (the
 * arguments win), validated so a typo names the knob instead of running something else.
 */
const count = (min: number) => z.coerce.number().int().min(min);

export const tenantsOptionsSchema = z.object({
  /** Installations, each with its own Xero organisation and HubSpot portal; the first floods. */
  installations: count(2).max(500).default(50),
  /** Xero events a second over all installations while the flood is on. */
  eventsPerSecond: z.coerce.number().positive().default(20),
  /** The flooding installation's share of those. */
  floodShare: z.coerce.number().min(0).max(0.95).default(0.5),
  /** Length of each measured phase: flood off (the quiet ones alone), then flood on. */
  seconds: count(1).default(60),
  /** Quiet traffic before the first phase, not measured (connections warm, JIT done). */
  warmupSeconds: count(0).default(5),
  /** After a phase's last event: how long its events may take to reach the CRM before counting as lost. */
  settleSeconds: count(1).default(120),
  /** Xero calls a minute each organisation may make (emulator and pacer); Xero's own is 60. */
  xeroPerMinute: count(1).default(60_000),
  /** The Temporal server's task-queue fairness (off: the same keys, FIFO matching, for comparison). */
  fairness: z.enum(['on', 'off']).default('on'),
  /** Invoices in each quiet organisation (the flooding one gets enough for its rate). */
  quietInvoices: count(5).default(20),
});

export type TenantsOptions = z.infer<typeof tenantsOptionsSchema>;

const ENV: Record<keyof TenantsOptions, string> = {
  installations: 'TENANTS_INSTALLATIONS',
  eventsPerSecond: 'TENANTS_EVENTS_PER_SECOND',
  floodShare: 'TENANTS_FLOOD_SHARE',
  seconds: 'TENANTS_SECONDS',
  warmupSeconds: 'TENANTS_WARMUP_SECONDS',
  settleSeconds: 'TENANTS_SETTLE_SECONDS',
  xeroPerMinute: 'TENANTS_XERO_PER_MINUTE',
  fairness: 'TENANTS_FAIRNESS',
  quietInvoices: 'TENANTS_QUIET_INVOICES',
};

/** Options from the environment, then `--seconds=10`-style arguments; throws naming each bad one. */
export function tenantsOptionsFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): TenantsOptions {
  const input: Record<string, string> = {};
  for (const [key, variable] of Object.entries(ENV)) {
    const value = env[variable]?.trim();
    if (value) input[key] = value;
  }
  const known = Object.keys(ENV)
    .map((k) => `--${k}`)
    .join(' ');
  for (const arg of argv) {
    const match = /^--([a-zA-Z]+)=(.*)$/.exec(arg);
    if (!match?.[1] || !(match[1] in ENV)) throw new Error(`unknown argument ${arg}; known: ${known}`);
    input[match[1]] = match[2] ?? '';
  }
  const parsed = tenantsOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      parsed.error.issues
        .map((i) => `--${i.path.join('.')} (${ENV[i.path[0] as keyof TenantsOptions]}): ${i.message}`)
        .join('\n'),
    );
  return parsed.data;
}
