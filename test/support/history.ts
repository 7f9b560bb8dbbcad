import type { WorkflowHandle } from '@temporalio/client';

/**
 * A workflow's whole history as searchable text, with every payload decoded from bytes. (JSON of the
 * raw history shows payloads as byte arrays, in which no secret could ever be "found".)
 */
export async function historyText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) {
      parts.push(Buffer.from(value).toString('utf8'));
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        parts.push(key);
        walk(child);
      }
    } else if (value !== null && value !== undefined) {
      parts.push(String(value));
    }
  };
  walk(history);
  return parts.join('\n');
}
