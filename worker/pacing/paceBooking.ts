import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Lease } from './idleLeases';
import type { PacePolicy } from './sharedPacer';

export interface PaceRound {
  paceKey: string;
  policy: PacePolicy;
  now: number;
  /** Slots booked each with a new lease (for callers holding none). */
  leased: number;
  /** Slots booked without a lease (callers holding one, keys without a cap, slots booked ahead). */
  slotsOnly: number;
  /** Leases this process released, deleted first. */
  release: readonly string[];
}

export interface PaceRoundResult {
  /** Up to `leased` slots with their leases (fewer when the key's leases run out). */
  leased: Array<{ at: number; lease: Lease }>;
  slotsOnly: number[];
}

/**
 * One round trip of the store's booking function (migration 0018, the GCRA of gcra.ts under an
 * advisory lock on the key): slots with leases, then slots without, both in one statement when
 * both are wanted. Called without a concurrency cap the function books slots and creates no lease;
 * the leases a caller already holds are still counted by every other booking.
 */
export async function bookPaceRound(db: Kysely<Database>, round: PaceRound): Promise<PaceRoundResult> {
  const { paceKey, policy, now } = round;
  const leaseMs = policy.leaseMs ?? DEFAULT_LEASE_MS;
  const limits = JSON.stringify(policy.limits);
  const release = [...round.release];
  const leasedPart = sql<Row>`
    select 1 as part, at_ms, lease_id from ledgerbridge_pace_book(
      ${paceKey}, ${limits}::jsonb, ${policy.concurrency ?? null}::integer, ${leaseMs}::float8,
      ${now}::float8, ${round.leased}::integer, ${release}::uuid[])`;
  const slotsPart = sql<Row>`
    select 2 as part, at_ms, lease_id from ledgerbridge_pace_book(
      ${paceKey}, ${limits}::jsonb, null::integer, ${leaseMs}::float8,
      ${now}::float8, ${round.slotsOnly}::integer, ${round.leased > 0 ? [] : release}::uuid[])`;
  const query =
    round.leased === 0
      ? slotsPart
      : round.slotsOnly === 0
        ? leasedPart
        : sql<Row>`${leasedPart} union all ${slotsPart}`;
  const { rows } = await query.execute(db);
  const byTime = (a: Row, b: Row) => Number(a.at_ms) - Number(b.at_ms);
  return {
    leased: rows
      .filter((r) => Number(r.part) === 1 && r.lease_id)
      .sort(byTime)
      .map((r) => ({ at: Number(r.at_ms), lease: { id: r.lease_id as string, expiresAt: now + leaseMs } })),
    slotsOnly: rows
      .filter((r) => Number(r.part) === 2)
      .map((r) => Number(r.at_ms))
      .sort((a, b) => a - b),
  };
}

interface Row {
  part: number;
  at_ms: number;
  lease_id: string | null;
}

export const DEFAULT_LEASE_MS = 120_000;
