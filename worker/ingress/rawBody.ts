import type { IncomingMessage } from 'node:http';

/** Webhook deliveries are small; anything far larger is not a vendor's. */
const MAX_BODY_BYTES = 1_000_000;

/** The request's raw bytes (signatures are over these, not over re-serialised JSON). */
export async function readRaw(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A zod error as one line naming each bad field. */
export function describeIssues(issues: Array<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}
