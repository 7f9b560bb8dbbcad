/** The sandbox's notion of now; tests move it forward to expire tokens without waiting. */
export interface Clock {
  now(): number;
}

/**
 * Runs with real time, from a chosen start when one is given: a test that pins `startAt` sees the
 * same dates whatever day it runs on (date literals such as LAST_N_DAYS, CreatedDate, due dates).
 */
export class SandboxClock implements Clock {
  private offsetMs: number;
  private readonly initialOffsetMs: number;

  constructor(options: { startAt?: number } = {}) {
    this.initialOffsetMs = options.startAt === undefined ? 0 : options.startAt - Date.now();
    this.offsetMs = this.initialOffsetMs;
  }
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Back to the start's timeline (real time, or the pinned one), undoing every advance. */
  reset(): void {
    this.offsetMs = this.initialOffsetMs;
  }
}
