import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ServiceAccountKeyFile } from '../../sandbox/sheets';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { SecretBox } from '../connections/secretBox';
import { createAuditSheetApi, type AuditSheetApi } from '../connectors/sheets/auditSheetApi';
import { isSandboxKey } from '../connectors/sheets/serviceAccountKey';
import { SheetsCallError } from '../connectors/sheets/sheetsErrors';
import type { SheetsEndpoints } from '../connectors/sheets/sheetsEndpoints';
import type { Database } from '../store/schema';
import { AuditSheetOutbox } from './auditSheetOutbox';
import { AuditSheetSettings } from './auditSheetSettings';
import type { AuditSheetDrainDeps } from './drainAuditSheetBatch';

/** The drain's dependencies in the worker: the store, the shared audit log, the keyring, Sheets. */
export function auditSheetDepsFrom(input: {
  db: Kysely<Database>;
  audit: AuditLog;
  box: SecretBox;
  endpoints: SheetsEndpoints;
}): AuditSheetDrainDeps {
  return {
    settings: new AuditSheetSettings(input.db, input.box),
    outbox: new AuditSheetOutbox(input.db),
    audit: input.audit,
    apiFor: (key) =>
      input.endpoints.mode === 'live' && isSandboxKey(key)
        ? refusedApi(
            `${key.client_email} is a sandbox service account; Sheets runs live: enable the sheet again with a real key`,
          )
        : createAuditSheetApi({ key, endpoints: input.endpoints, timeoutMs: 30_000 }),
    now: () => new Date(),
  };
}

const sandboxKeyFileSchema = z.object({
  type: z.literal('service_account'),
  project_id: z.string(),
  private_key_id: z.string(),
  private_key: z.string(),
  client_email: z.string(),
  client_id: z.string(),
  token_uri: z.string(),
});

/** The demo key kept from an earlier start, so a sheet enabled then still signs in after a restart. */
export async function readSandboxSheetKey(dataDir: string): Promise<ServiceAccountKeyFile | undefined> {
  const text = await readFile(path.join(dataDir, SANDBOX_KEY_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = sandboxKeyFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const SANDBOX_KEY_FILE = 'sandbox-sheets-key.json';

/**
 * The demo's sandbox service account key, written next to the embedded data (owner-only) so
 * `npm run ops -- audit-sheet enable … --key <file>` can use it; it opens only the sandbox sheet.
 */
export async function writeSandboxSheetKey(dataDir: string, key: object): Promise<string> {
  const file = path.join(dataDir, SANDBOX_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** A sheet enabled with a sandbox key before the deployment went live: never sent to Google. */
function refusedApi(message: string): AuditSheetApi {
  const refuse = () => Promise.reject(new SheetsCallError('refused', message, undefined, undefined));
  return { tabs: refuse, readColumnA: refuse, append: refuse };
}
