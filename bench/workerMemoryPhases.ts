import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import workerThreads from 'node:worker_threads';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.round(bytes / MB)}`;

/** One line: RSS, kernel peak, the main thread's heap, external and array buffers, the largest heap spaces. */
export function memoryLine(label: string): string {
  const m = process.memoryUsage();
  const spaces = v8
    .getHeapSpaceStatistics()
    .filter((s) => s.space_used_size > 4 * MB)
    .map((s) => `${s.space_name.replace('_space', '')} ${mb(s.space_used_size)}/${mb(s.space_size)}`)
    .join(', ');
  return (
    `${label}: rss ${mb(m.rss)} MB (peak ${kernelPeakMb() ?? '?'}), heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, ` +
    `external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}); spaces used/size: ${spaces}`
  );
}

/** The highest RSS, heap used and external memory seen between start and stop (sampled every 100 ms). */
export function phasePeaks(): { stop(): string } {
  const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = Math.max(peak[key], m[key]);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return `peaks in phase: rss ${mb(peak.rss)}, heap ${mb(peak.heapUsed)}, external ${mb(peak.external)} (array buffers ${mb(peak.arrayBuffers)})`;
    },
  };
}

/**
 * Resident memory by mapping (/proc/self/smaps): anonymous (V8 heaps, malloc, thread stacks) and the
 * largest file-backed mappings (node itself, Temporal's native core), in MB.
 */
export function residentByMapping(top = 4): string {
  const byName = new Map<string, number>();
  let name = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) name = header[1] || '[anonymous]';
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    if (rss) byName.set(name, (byName.get(name) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([mapping, bytes]) => `${mapping.split('/').pop()} ${mb(bytes)}`)
    .join(', ');
}

function kernelPeakMb(): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}

/**
 * Keeps every worker thread started from now on (Temporal's workflow thread among them), by
 * wrapping worker_threads.Worker, which Temporal looks up each time it starts one.
 */
export function watchWorkerThreads(): workerThreads.Worker[] {
  const started: workerThreads.Worker[] = [];
  const Original = workerThreads.Worker;
  class Watched extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      started.push(this);
    }
  }
  (workerThreads as { Worker: typeof Original }).Worker = Watched;
  return started;
}

/** Each live thread's heap from a snapshot of it: total, and the five largest kinds of object. */
export async function workerThreadHeaps(threads: workerThreads.Worker[]): Promise<string[]> {
  const lines: string[] = [];
  for (const [i, thread] of threads.entries()) {
    if (thread.threadId < 0) continue;
    const snapshot = await thread.getHeapSnapshot().catch(() => undefined);
    if (!snapshot) continue;
    let json = '';
    for await (const chunk of snapshot) json += String(chunk);
    lines.push(`thread ${i}: ${summariseHeapSnapshot(json)}`);
  }
  return lines;
}

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** A heap snapshot's total self size and its largest kinds (constructor, or string/code/array…). */
export function summariseHeapSnapshot(json: string, top = 6): string {
  const { snapshot, nodes, strings } = JSON.parse(json) as HeapSnapshotJson;
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const bySize = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]!]!;
    const size = nodes[i + sizeAt]!;
    const kind = type === 'object' || type === 'closure' ? `${type}:${strings[nodes[i + nameAt]!]}` : type;
    bySize.set(kind, (bySize.get(kind) ?? 0) + size);
    total += size;
  }
  const largest = [...bySize]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([kind, size]) => `${kind} ${(size / MB).toFixed(1)}`)
    .join(', ');
  return `heap ${mb(total)} MB; largest: ${largest}`;
}
