import type { Lease } from './idleLeases';
import type { LocalGate } from './localGate';

export interface Permit {
  /** How long this call waited for its slot. */
  waitedMs: number;
  release(): Promise<void>;
}

/**
 * A call's permit: on release it leaves the local gate, then hands its lease on (`releaseLease`,
 * told whether it was released before the lapse). Like the stored lease, the local slot of a
 * holder that never releases lapses after `lapseMs`.
 */
export function pacePermit(input: {
  gate: LocalGate | undefined;
  lease: Lease | undefined;
  waitedMs: number;
  lapseMs: number;
  releaseLease(lease: Lease, inTime: boolean): void;
}): Permit {
  const { gate, lease } = input;
  let holdsGate = gate !== undefined;
  const leaveGate = () => {
    if (holdsGate) gate?.leave();
    holdsGate = false;
  };
  const lapse = setTimeout(leaveGate, input.lapseMs);
  lapse.unref();
  let released = false;
  return {
    waitedMs: input.waitedMs,
    release: () => {
      if (released) return Promise.resolve();
      released = true;
      clearTimeout(lapse);
      const inTime = holdsGate;
      // The local slot first: the next caller takes this lease over (or its booking, the deletion).
      leaveGate();
      if (lease) input.releaseLease(lease, inTime);
      return Promise.resolve();
    },
  };
}
