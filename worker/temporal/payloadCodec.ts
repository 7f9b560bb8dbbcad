import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { PayloadKey } from './payloadKeys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadCodecError extends Error {
  override name = 'PayloadCodecError';
}

/** The plaintext inside the envelope: the original payload, metadata and data, as base64 JSON. */
const innerSchema = z.object({
  metadata: z.record(z.string(), z.string()),
  data: z.string(),
});

/**
 * Encrypts every Temporal payload (workflow inputs, results, signals, queries, memos, activity
 * arguments, failure messages) with AES-256-GCM before it leaves the process, so the Temporal server
 * and its history hold ciphertext only. The key ID rides in the payload's metadata: the newest key
 * encrypts, every configured key decrypts, so keys rotate without rewriting history. GCM's tag (and
 * the key ID as associated data) makes any tampering fail loudly instead of decoding to garbage.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: PayloadKey[]) {
    const [first] = keys;
    if (!first) throw new PayloadCodecError('the payload codec needs at least one key');
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  // async: a payload that cannot be decrypted rejects the promise instead of throwing at the caller.
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const inner = JSON.stringify({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.id));
    const sealed = Buffer.concat([iv, cipher.update(inner, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: Buffer.from(ENCRYPTED_ENCODING),
        'encryption-cipher': Buffer.from('AES-256-GCM'),
        'encryption-key-id': Buffer.from(this.current.id),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    // Not ours (written before encryption was switched on): passed through as it is.
    if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.['encryption-key-id'];
    const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
    const key = this.byId.get(keyId);
    if (!key)
      throw new PayloadCodecError(`payload was encrypted with key "${keyId}", which is not configured`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let inner: string;
    try {
      inner = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new PayloadCodecError(`payload encrypted with key "${keyId}" failed authentication (tampered?)`);
    }
    const parsed = innerSchema.parse(JSON.parse(inner));
    return {
      metadata: Object.fromEntries(
        Object.entries(parsed.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
      ),
      data: new Uint8Array(Buffer.from(parsed.data, 'base64')),
    };
  }
}
