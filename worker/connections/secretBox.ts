import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * AES-256-GCM for secrets at rest (connection credentials). Each sealed value records the id of the
 * key that sealed it, so keys can rotate: new values use the current key, old ones still open with
 * the retired key until a re-encryption pass moves them over.
 */
export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export const sealedSchema = z.object({
  v: z.literal(1),
  kid: z.string().min(1),
  iv: z.string().min(1),
  tag: z.string().min(1),
  data: z.string(),
});
export type Sealed = z.infer<typeof sealedSchema>;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** Parses `id:base64key[,id:base64key…]`; the first key is the current one. */
export function parseKeyring(spec: string): EncryptionKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      if (colon <= 0) throw new SecretBoxError('each key must look like id:base64 (32 bytes)');
      const key = Buffer.from(part.slice(colon + 1), 'base64');
      if (key.length !== 32)
        throw new SecretBoxError(`key "${part.slice(0, colon)}" must be 32 bytes of base64`);
      return { id: part.slice(0, colon), key };
    });
  if (keys.length === 0) throw new SecretBoxError('at least one key is required');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new SecretBoxError('key ids must be unique');
  return keys;
}

export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new SecretBoxError('at least one key is required');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** `aad` binds the ciphertext to its owner (e.g. the connection id): moved elsewhere, it won't open. */
  seal(plaintext: string, aad: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      kid: this.current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: Sealed, aad: string): string {
    const key = this.byId.get(sealed.kid);
    if (!key)
      throw new SecretBoxError(`no key "${sealed.kid}" in the keyring: it was removed before re-encryption`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretBoxError('secret failed authentication (wrong key, wrong owner or tampered)');
    }
  }

  /** True when the value was sealed with a key other than the current one. */
  needsRotation(sealed: Sealed): boolean {
    return sealed.kid !== this.current.id;
  }

  private get current(): EncryptionKey {
    return this.keys[0] as EncryptionKey;
  }
}
