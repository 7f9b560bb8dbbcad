/**
 * Money as integer cents: Xero sends decimals (2 dp, up to 4 for unit amounts), and floating-point
 * sums of them drift. Convert once at the boundary, add in cents, convert back for display.
 */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** True when two amounts agree to within `toleranceCents` (rounding differences between systems). */
export function amountsAgree(a: number, b: number, toleranceCents = 0): boolean {
  return Math.abs(toCents(a) - toCents(b)) <= toleranceCents;
}
