/** The sandbox's notion of now; tests move it forward to expire tokens without waiting. */
export interface Clock {
  now(): number;
}

export class SandboxClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}
