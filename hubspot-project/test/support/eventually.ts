/**
 * Retries a check on timers until it passes. The renderer runs React effects on a later macrotask,
 * which a microtask-only wait never lets happen; this one yields to the event loop each time.
 */
export async function eventually(check: () => void, timeoutMs = 1_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
