import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** What a vendor's rate-limit headers say is left. */
export interface VendorBudget {
  dailyRemaining?: number;
  minuteRemaining?: number;
}

interface BudgetRow {
  pace_key: string;
  daily_remaining: number | null;
  minute_remaining: number | null;
  observed_at: Date;
}

const BUDGET_EVERY_MS = 1_000;

/**
 * What the vendor says is left of the budget (for connection status). Every response reports it,
 * so it is stored at most once a second per key: the latest report of a busy second goes in at the
 * end of it. Advisory: a trailing write that fails is left for the next report.
 */
export class BudgetRecorder {
  /** Per key: when the budget was last stored, and the newest report not stored yet. */
  private readonly keys = new Map<string, { lastWriteAt: number; scheduled: boolean; latest?: BudgetRow }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> },
  ) {}

  async record(paceKey: string, budget: VendorBudget): Promise<void> {
    const row: BudgetRow = {
      pace_key: paceKey,
      daily_remaining: budget.dailyRemaining ?? null,
      minute_remaining: budget.minuteRemaining ?? null,
      observed_at: new Date(this.clock.now()),
    };
    let state = this.keys.get(paceKey);
    if (!state) this.keys.set(paceKey, (state = { lastWriteAt: Number.NEGATIVE_INFINITY, scheduled: false }));
    const now = this.clock.now();
    if (!state.scheduled && now - state.lastWriteAt >= BUDGET_EVERY_MS) {
      state.lastWriteAt = now;
      await this.write(row);
      return;
    }
    state.latest = row;
    if (state.scheduled) return;
    state.scheduled = true;
    const due = state.lastWriteAt + BUDGET_EVERY_MS - now;
    void this.clock.sleep(due).then(async () => {
      const latest = state.latest;
      state.latest = undefined;
      state.scheduled = false;
      state.lastWriteAt = this.clock.now();
      if (latest) await this.write(latest).catch(() => undefined);
    });
  }

  private write(row: BudgetRow): Promise<unknown> {
    return this.db
      .insertInto('api_budget')
      .values(row)
      .onConflict((oc) => oc.column('pace_key').doUpdateSet(row))
      .execute();
  }
}
