import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** One AES-256 key of the payload codec; its id travels in each encrypted payload's metadata. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

const keySpec = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=]+$/, { error: 'each key must look like id:base64' })
  .transform((part) => {
    const colon = part.indexOf(':');
    return { id: part.slice(0, colon), key: Buffer.from(part.slice(colon + 1), 'base64') };
  })
  .refine((k) => k.key.length === 32, {
    error: 'each key must be 32 bytes of base64 (openssl rand -base64 32)',
  });

/** `id:base64[,id:base64…]`: the first key encrypts, every key decrypts (rotation). */
export const payloadKeyringSchema = z
  .string()
  .transform((spec) => spec.split(',').filter((part) => part.trim() !== ''))
  .pipe(z.array(keySpec).min(1, { error: 'at least one key is required' }))
  .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, { error: 'key ids must be unique' });

export function formatPayloadKeyring(keys: PayloadKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

/**
 * The keys from the environment, or in the embedded mode a key generated on first start into a file
 * only its owner reads (like the credentials keyring), so the dev server's history stays readable
 * across restarts.
 */
export async function loadPayloadKeys(
  source: { keys: PayloadKey[] } | { keyFile: string },
): Promise<PayloadKey[]> {
  if ('keys' in source) return source.keys;
  return readOrCreate(source.keyFile, payloadKeyringSchema, () =>
    formatPayloadKeyring([
      { id: `p${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`, key: randomBytes(32) },
    ]),
  );
}

/** The codec server's token from the environment, or generated into the data folder once. */
export async function loadCodecToken(source: { token: string } | { tokenFile: string }): Promise<string> {
  if ('token' in source) return source.token;
  return readOrCreate(source.tokenFile, z.string().trim().min(32), () => randomBytes(32).toString('hex'));
}

export async function readOrCreate<T>(
  file: string,
  schema: z.ZodType<T, string>,
  generate: () => string,
): Promise<T> {
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing !== undefined) {
    const parsed = schema.safeParse(existing.trim());
    if (!parsed.success) throw new Error(`${file} is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process (the ops CLI, a second worker) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readOrCreate(file, schema, generate);
}
