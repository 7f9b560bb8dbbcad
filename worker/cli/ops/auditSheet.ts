import { readFile } from 'node:fs/promises';
import { AuditLog } from '../../audit/auditLog';
import { AuditSheetOutbox } from '../../auditSheet/auditSheetOutbox';
import { AuditSheetSettings } from '../../auditSheet/auditSheetSettings';
import { enableAuditSheet } from '../../auditSheet/enableAuditSheet';
import { startAuditSheetDrain } from '../../auditSheet/startAuditSheetDrain';
import type { SecretBox } from '../../connections/secretBox';
import { createAuditSheetApi } from '../../connectors/sheets/auditSheetApi';
import { installationSlugSchema } from '../../installations/installationStore';
import { cliActor } from './decide';
import type { OpsContext } from './opsContext';

export const AUDIT_SHEET_USAGE = `  audit-sheet enable <installation> --spreadsheet <id> --key <file> [--tab Audit]
                                       audit rows of invoice writes go to a Google Sheet (service account key)
  audit-sheet disable <installation>   stops sending (rows already there stay)
  audit-sheet status <installation>    the sheet and the rows still to send`;

export type AuditSheetCommand =
  | {
      name: 'audit-sheet';
      action: 'enable';
      installation: string;
      spreadsheetId: string;
      keyFile: string;
      tab: string;
    }
  | { name: 'audit-sheet'; action: 'disable' | 'status'; installation: string };

/** What the audit sheet commands need beyond the ops context: the keyring and where Sheets is. */
export interface AuditSheetEnv {
  box: SecretBox;
  mode: 'sandbox' | 'live';
}

export function parseAuditSheetArgs(
  positional: string[],
  named: Record<string, string>,
): AuditSheetCommand | { error: string } {
  const [action, slug] = positional;
  if (action !== 'enable' && action !== 'disable' && action !== 'status')
    return { error: 'audit-sheet needs enable, disable or status' };
  const installation = installationSlugSchema.safeParse(slug);
  if (!installation.success) return { error: `audit-sheet ${action} needs an installation slug` };
  if (action !== 'enable') return { name: 'audit-sheet', action, installation: installation.data };
  if (!named.spreadsheet)
    return { error: 'audit-sheet enable needs --spreadsheet <id> (from the sheet URL)' };
  if (!named.key) return { error: 'audit-sheet enable needs --key <file> (the service account JSON key)' };
  return {
    name: 'audit-sheet',
    action,
    installation: installation.data,
    spreadsheetId: named.spreadsheet,
    keyFile: named.key,
    tab: named.tab?.trim() || 'Audit',
  };
}

export async function auditSheetCommand(ctx: OpsContext, command: AuditSheetCommand): Promise<void> {
  if (!ctx.auditSheetEnv) throw new Error('the audit sheet commands are not available here');
  const env = await ctx.auditSheetEnv();
  const db = await ctx.db();
  const settings = new AuditSheetSettings(db, env.box);
  if (command.action === 'enable') {
    const keyJson = await readFile(command.keyFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new Error(`--key: cannot read ${command.keyFile} (${err.code ?? err.message})`);
    });
    const client = await ctx.client();
    const enabled = await enableAuditSheet(
      {
        db,
        settings,
        audit: new AuditLog(db),
        mode: env.mode,
        // The sandbox emulator lives in the npm start process: its sheet is checked by the drain.
        apiFor:
          env.mode === 'live'
            ? (key) => createAuditSheetApi({ key, endpoints: { mode: 'live' }, timeoutMs: 30_000 })
            : undefined,
        startDrain: (installationId) => startAuditSheetDrain(client, ctx.taskQueue, installationId),
      },
      {
        installation: command.installation,
        spreadsheetId: command.spreadsheetId,
        tab: command.tab,
        keyJson,
        by: cliActor(),
      },
    );
    return ctx.write(
      `audit sheet on for ${command.installation}: spreadsheet ${command.spreadsheetId}, tab ${command.tab}, as ${enabled.serviceAccount}\n`,
    );
  }
  const installation = await db
    .selectFrom('installations')
    .select('id')
    .where('slug', '=', command.installation)
    .executeTakeFirst();
  if (!installation) throw new Error(`installation: no installation "${command.installation}"`);
  if (command.action === 'disable') {
    const by = cliActor();
    const done = await settings.disable(installation.id, by);
    if (done)
      await new AuditLog(db).record({
        action: 'audit_sheet_disabled',
        outcome: 'succeeded',
        actor: by,
        subject: { installationId: installation.id },
      });
    return ctx.write(
      done ? `audit sheet off for ${command.installation}\n` : `${command.installation} has no audit sheet\n`,
    );
  }
  const row = await db
    .selectFrom('audit_sheets')
    .selectAll()
    .where('installation_id', '=', installation.id)
    .executeTakeFirst();
  if (!row) return ctx.write(`${command.installation} has no audit sheet\n`);
  const pending = await new AuditSheetOutbox(db).countPending(installation.id);
  ctx.write(
    `${row.enabled ? 'on' : 'off'}: spreadsheet ${row.spreadsheet_id}, tab ${row.tab}, as ${row.service_account_email}; ${pending} rows to send\n`,
  );
}
