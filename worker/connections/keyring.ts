import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { parseKeyring, SecretBox } from './secretBox';

/**
 * The SecretBox for this process. In production the keyring comes from LEDGERBRIDGE_ENCRYPTION_KEYS
 * (required with DATABASE_URL); the embedded mode generates one key on first start into a file
 * readable only by its owner, next to the PGlite data it protects.
 */
export async function loadSecretBox(encryption: Config['encryption']): Promise<SecretBox> {
  if ('keyring' in encryption) return new SecretBox(parseKeyring(encryption.keyring));
  const existing = await readFile(encryption.keyFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing !== undefined) return new SecretBox(parseKeyring(existing.trim()));
  const spec = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}:${randomBytes(32).toString('base64')}`;
  await mkdir(path.dirname(encryption.keyFile), { recursive: true, mode: 0o700 });
  try {
    await writeFile(encryption.keyFile, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadSecretBox(encryption);
    throw err;
  }
  await chmod(encryption.keyFile, 0o600);
  return new SecretBox(parseKeyring(spec));
}
