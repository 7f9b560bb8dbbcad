import { readFileSync, writeFileSync } from 'node:fs';

/**
 * This process's peak resident memory from now until stopped, in MB. On Linux the kernel keeps the
 * peak (VmHWM, reset here through clear_refs), so measuring costs nothing: sampling rss() every
 * 25 ms cost the worker about 2 ms of CPU per synced event in bench:latency. Elsewhere it samples.
 */
export function trackPeakRss(intervalMs = 25): { stop(): number } {
  if (resetKernelPeak())
    return { stop: () => Math.round(Math.max(kernelPeakKb() ?? 0, process.memoryUsage.rss() / 1024) / 1024) };
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return Math.round(peak / 1024 / 1024);
    },
  };
}

function resetKernelPeak(): boolean {
  try {
    // "5" resets the peak RSS to the current RSS (proc(5), /proc/pid/clear_refs).
    writeFileSync('/proc/self/clear_refs', '5');
    return kernelPeakKb() !== undefined;
  } catch {
    return false;
  }
}

function kernelPeakKb(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
