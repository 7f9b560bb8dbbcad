import { z } from 'zod';
import { createRng, type Rng } from './random';

/**
 * Faults a test or the demo asks an emulator to inject. A rule fires with probability `rate`
 * (default 1) for at most `count` requests (default unlimited), on requests matching `method` and
 * `pathPrefix`. The emulator's HTTP layer applies latency/error/rate_limit/drop/hang; the vendor
 * logic consults expire_token/revoke_token; the webhook sender consults webhook_failure.
 *
 * `drop` closes the connection without an answer; `hang` answers nothing and holds the connection
 * for `latencyMs` (past the client's timeout), then closes it. With `afterHandler` either one
 * happens after the vendor has handled the request: the write is made, its answer is lost.
 */
export const faultRuleSchema = z.object({
  kind: z.enum([
    'latency',
    'error',
    'rate_limit',
    'drop',
    'hang',
    'expire_token',
    'revoke_token',
    'webhook_failure',
  ]),
  method: z.string().toUpperCase().optional(),
  pathPrefix: z.string().optional(),
  rate: z.number().min(0).max(1).default(1),
  count: z.number().int().positive().optional(),
  latencyMs: z.number().int().min(0).max(600_000).default(0),
  status: z.number().int().min(400).max(599).default(503),
  retryAfterSeconds: z.number().int().min(0).default(1),
  afterHandler: z.boolean().default(false),
});

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema> & { id: number; fired: number };
export type FaultKind = FaultRule['kind'];

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private rng: Rng;

  constructor(private readonly seed = 42) {
    this.rng = createRng(seed);
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...faultRuleSchema.parse(input), id: this.nextId++, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.rng = createRng(this.seed);
  }

  /** The first matching rule of these kinds that fires for this request, consuming one of its count. */
  draw(kinds: readonly FaultKind[], request: { method: string; path: string }): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!kinds.includes(rule.kind)) continue;
      if (rule.method && rule.method !== request.method.toUpperCase()) continue;
      if (rule.pathPrefix && !request.path.startsWith(rule.pathPrefix)) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.rate < 1 && this.rng() >= rule.rate) continue;
      rule.fired++;
      return rule;
    }
    return undefined;
  }
}
