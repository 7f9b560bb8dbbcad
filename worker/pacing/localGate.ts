/** A FIFO semaphore: at most `size` holders in this process; the rest wait their turn in memory. */
export class LocalGate {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  enter(): Promise<void> {
    if (this.holders < this.size) {
      this.holders++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.holders--;
  }
}
