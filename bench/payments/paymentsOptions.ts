export interface PaymentsOptions {
  /** Deliveries sent to the ingress (duplicates and forgeries included). */
  events: number;
  /** Deliveries a second. */
  rate: number;
  /** Deliveries sent to the bare handler (the first of the same stream). */
  bareEvents: number;
  seed: number;
  /** `app`: the embedded app as `npm start` runs it; `route`: the Stripe route alone on a Temporal server. */
  target: 'app' | 'route';
}

const KNOBS = {
  events: 'events',
  rate: 'rate',
  'bare-events': 'bareEvents',
  seed: 'seed',
  target: 'target',
} as const;

/** `--events N --rate R [--bare-events N] [--seed S] [--target app|route]` (or `--events=N`); defaults 10,000 at 20/s. */
export function paymentsOptionsFrom(argv: string[]): PaymentsOptions {
  const given: Partial<Record<Exclude<keyof PaymentsOptions, 'target'>, number>> = {};
  let target: PaymentsOptions['target'] = 'app';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const knob = m ? KNOBS[m[1] as keyof typeof KNOBS] : undefined;
    if (!m || !knob)
      throw new Error(
        `bench:payments: unknown argument ${arg} (--events N --rate R --bare-events N --seed S --target app|route)`,
      );
    const raw = m[2] ?? argv[++i];
    if (knob === 'target') {
      if (raw !== 'app' && raw !== 'route')
        throw new Error(`bench:payments: --target expects app or route, got ${raw ?? 'nothing'}`);
      target = raw;
      continue;
    }
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value <= 0)
      throw new Error(`bench:payments: --${m[1]} expects a positive number, got ${raw ?? 'nothing'}`);
    given[knob] = value;
  }
  const events = Math.round(given.events ?? 10_000);
  return {
    events,
    rate: given.rate ?? 20,
    bareEvents: Math.min(events, Math.round(given.bareEvents ?? events)),
    seed: Math.round(given.seed ?? 22),
    target,
  };
}
