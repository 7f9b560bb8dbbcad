import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

/**
 * The key Xero webhooks are signed with: XERO_WEBHOOK_KEY when set (a real Xero app's key); in the
 * sandbox without one, a generated key kept in the data folder, which the emulator signs with too,
 * so a user can sign Xero-format events by hand with the same key. Live Xero without a key: none,
 * and the webhook route is not served.
 */
export async function resolveXeroWebhookKey(config: Config): Promise<string | undefined> {
  const xero = config.vendors.xero;
  if (xero.webhookKey) return xero.webhookKey;
  if (xero.mode === 'live') return undefined;
  const file = path.join(config.dataDir, 'secrets', 'xero-webhook-key');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const key = randomBytes(48).toString('base64');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
