import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog';
import type { AuditSheetApi } from '../connectors/sheets/auditSheetApi';
import {
  isSandboxKey,
  serviceAccountKeySchema,
  type ServiceAccountKey,
} from '../connectors/sheets/serviceAccountKey';
import { SheetsCallError } from '../connectors/sheets/sheetsErrors';
import type { Database } from '../store/schema';
import { AUDIT_SHEET_COLUMNS } from './auditSheetRow';
import type { AuditSheetSettings } from './auditSheetSettings';
import { InstallationStore } from '../installations/installationStore';

export class AuditSheetSetupError extends Error {
  override name = 'AuditSheetSetupError';
}

export interface EnableAuditSheetDeps {
  db: Kysely<Database>;
  settings: AuditSheetSettings;
  audit: AuditLog;
  mode: 'sandbox' | 'live';
  /** Checks the sheet with the key before saving; undefined skips it (a sandbox this process cannot reach). */
  apiFor: ((key: ServiceAccountKey) => AuditSheetApi) | undefined;
  /** Starts (or wakes) the installation's drain. */
  startDrain(installationId: string): Promise<void>;
}

const spreadsheetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, {
  error: '--spreadsheet must be the ID in the sheet URL (/spreadsheets/d/<ID>/edit)',
});

/**
 * Turns an installation's audit sheet on: the key validated (a sandbox key refused when Sheets runs
 * live), the sheet checked with it (shared with the service account, the tab there; an empty tab
 * given the header row), the key sealed
 * and saved, an audit row naming who did it, and the drain started. Audit rows from now on go out.
 */
export async function enableAuditSheet(
  deps: EnableAuditSheetDeps,
  input: { installation: string; spreadsheetId: string; tab: string; keyJson: string; by: string },
): Promise<{ installationId: string; serviceAccount: string }> {
  const installation = await new InstallationStore(deps.db).bySlug(input.installation);
  if (!installation)
    throw new AuditSheetSetupError(
      `installation: no installation "${input.installation}" (npm run installations)`,
    );
  const spreadsheetId = spreadsheetIdSchema.safeParse(input.spreadsheetId);
  if (!spreadsheetId.success)
    throw new AuditSheetSetupError(spreadsheetId.error.issues[0]?.message ?? '--spreadsheet is invalid');
  const key = parseKey(input.keyJson);
  if (deps.mode === 'live' && isSandboxKey(key))
    throw new AuditSheetSetupError(
      `--key: ${key.client_email} is a sandbox service account; Google Sheets runs live here, so give a key of your Google Cloud service account`,
    );
  if (deps.apiFor) {
    const api = deps.apiFor(key);
    await checkSheet(api, spreadsheetId.data, input.tab, key.client_email);
    // An empty tab gets the column names first, for the people who read it.
    if ((await api.readColumnA(spreadsheetId.data, input.tab)).length === 0)
      await api.append(spreadsheetId.data, input.tab, [[...AUDIT_SHEET_COLUMNS]]);
  }
  await deps.settings.save({
    installationId: installation.id,
    spreadsheetId: spreadsheetId.data,
    tab: input.tab,
    key,
    by: input.by,
  });
  await deps.audit.record({
    action: 'audit_sheet_enabled',
    outcome: 'succeeded',
    actor: input.by,
    subject: { installationId: installation.id, spreadsheetId: spreadsheetId.data },
    detail: { tab: input.tab, serviceAccount: key.client_email, mode: deps.mode },
  });
  await deps.startDrain(installation.id);
  return { installationId: installation.id, serviceAccount: key.client_email };
}

function parseKey(json: string): ServiceAccountKey {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AuditSheetSetupError('--key: the file is not JSON (download the service account key as JSON)');
  }
  const parsed = serviceAccountKeySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuditSheetSetupError(`--key: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

async function checkSheet(
  api: AuditSheetApi,
  spreadsheetId: string,
  tab: string,
  email: string,
): Promise<void> {
  let tabs: string[];
  try {
    tabs = await api.tabs(spreadsheetId);
  } catch (err) {
    if (err instanceof SheetsCallError && (err.status === 403 || err.status === 404))
      throw new AuditSheetSetupError(
        `--spreadsheet: ${spreadsheetId} cannot be opened by ${email}: share the spreadsheet with it as an editor (${err.message})`,
      );
    throw err;
  }
  if (!tabs.includes(tab))
    throw new AuditSheetSetupError(
      `--tab: the spreadsheet has no tab "${tab}" (it has: ${tabs.join(', ') || 'none'})`,
    );
}
