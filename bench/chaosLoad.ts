import type { ChaosSandboxApi } from './chaosSandboxRpc';
import type { ChaosWorker } from './chaosWorker';
import type { XeroEventKind } from './chaosXeroEvents';

/**
 * The load of a chaos run: Xero events at an even rate, won deals spread over the same span, and
 * the worker SIGKILLed at evenly spaced moments inside it (restarted at once, while the load goes
 * on: the vendors' webhooks meet a dead ingress meanwhile and retry).
 */
export interface LoadPlan {
  events: number;
  deals: number;
  kills: number;
  eventsPerSecond: number;
}

export interface LoadOutcome {
  /** How long making the changes (and the last restart) took. */
  seconds: number;
  kinds: Partial<Record<XeroEventKind | 'won_deal', number>>;
  /** When each kill happened (s from the start) and how long the worker took to serve again. */
  kills: Array<{ atS: number; downS: number }>;
}

export async function runLoad(
  plan: LoadPlan,
  sandbox: Pick<ChaosSandboxApi, 'xeroEvent' | 'wonDeal'>,
  worker: ChaosWorker,
  log: (line: string) => void,
): Promise<LoadOutcome> {
  // With no events, deals go at a fifth of the event rate.
  const spanMs = (1000 * Math.max(plan.events, plan.deals * 5, 1)) / plan.eventsPerSecond;
  const timeline: Array<{ atMs: number; what: 'event' | 'deal' }> = [
    ...Array.from({ length: plan.events }, (_, i) => ({
      atMs: (i * spanMs) / plan.events,
      what: 'event' as const,
    })),
    ...Array.from({ length: plan.deals }, (_, i) => ({
      atMs: ((i + 0.5) * spanMs) / plan.deals,
      what: 'deal' as const,
    })),
  ].sort((a, b) => a.atMs - b.atMs);
  const started = performance.now();
  const at = (ms: number) => new Promise((resolve) => setTimeout(resolve, started + ms - performance.now()));
  const kinds: LoadOutcome['kinds'] = {};
  const count = (kind: keyof LoadOutcome['kinds']) => (kinds[kind] = (kinds[kind] ?? 0) + 1);

  const killing = (async () => {
    const kills: LoadOutcome['kills'] = [];
    for (let k = 1; k <= plan.kills; k++) {
      await at((k * spanMs) / (plan.kills + 1));
      const atS = (performance.now() - started) / 1000;
      await worker.kill();
      log(`  ${atS.toFixed(1)} s: worker SIGKILLed (kill ${k} of ${plan.kills}), restarting`);
      await worker.start();
      kills.push({ atS, downS: (performance.now() - started) / 1000 - atS });
    }
    return kills;
  })();

  let done = 0;
  for (const step of timeline) {
    await at(step.atMs);
    if (step.what === 'event') count(await sandbox.xeroEvent());
    else {
      await sandbox.wonDeal();
      count('won_deal');
    }
    if (++done % Math.max(1, Math.floor(timeline.length / 10)) === 0)
      log(
        `  ${((performance.now() - started) / 1000).toFixed(1)} s: ${done}/${timeline.length} changes made`,
      );
  }
  const kills = await killing;
  return { seconds: (performance.now() - started) / 1000, kinds, kills };
}
