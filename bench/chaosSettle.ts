import type { ChaosSandboxApi } from './chaosSandboxRpc';

/**
 * After the load, with faults off: waits until nothing is missing any more and stays so for a
 * quiet spell (two safety-net polls: a late duplicate would show by then), or until the deadline.
 * Late is not lost; what is still missing at the deadline is.
 */
export interface SettleOutcome {
  seconds: number;
  settled: boolean;
}

export async function settle(
  sandbox: Pick<ChaosSandboxApi, 'tally'>,
  limits: { deadlineS: number; quietS: number },
  log: (line: string) => void,
  everyMs = 2_000,
): Promise<SettleOutcome> {
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;
  let allInSince: number | undefined;
  let saidAt = -Infinity;
  for (;;) {
    const { lost } = await sandbox.tally();
    // Every 15 s, and the moment all is in.
    if (elapsedS() - saidAt >= 15 || (lost === 0 && allInSince === undefined)) {
      log(`  ${elapsedS().toFixed(1)} s: ${lost} records not (yet) where they belong`);
      saidAt = elapsedS();
    }
    if (lost > 0) allInSince = undefined;
    else allInSince ??= elapsedS();
    if (allInSince !== undefined && elapsedS() - allInSince >= limits.quietS)
      return { seconds: allInSince, settled: true };
    if (elapsedS() >= limits.deadlineS) return { seconds: elapsedS(), settled: false };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
