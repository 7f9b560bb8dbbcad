import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../connections/secretBox';
import { serviceAccountKeySchema, type ServiceAccountKey } from '../connectors/sheets/serviceAccountKey';
import type { Database } from '../store/schema';

export interface AuditSheetSetting {
  installationId: string;
  spreadsheetId: string;
  tab: string;
  key: ServiceAccountKey;
}

/** The sealed key is bound to its installation: copied onto another row, it does not open. */
const aadOf = (installationId: string) => `audit-sheet:${installationId}`;

/** Each installation's audit sheet setting, its service account key sealed at rest. */
export class AuditSheetSettings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async save(setting: AuditSheetSetting & { by: string }): Promise<void> {
    const sealed = JSON.stringify(this.box.seal(JSON.stringify(setting.key), aadOf(setting.installationId)));
    const values = {
      spreadsheet_id: setting.spreadsheetId,
      tab: setting.tab,
      service_account_email: setting.key.client_email,
      key_sealed: sealed,
      enabled: true,
      changed_by: setting.by,
    };
    await this.db
      .insertInto('audit_sheets')
      .values({ installation_id: setting.installationId, ...values })
      .onConflict((oc) => oc.column('installation_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  }

  async disable(installationId: string, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('audit_sheets')
      .set({ enabled: false, changed_by: by, updated_at: new Date() })
      .where('installation_id', '=', installationId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The enabled setting with its key opened; undefined when the installation has none or it is off. */
  async load(installationId: string): Promise<AuditSheetSetting | undefined> {
    const row = await this.db
      .selectFrom('audit_sheets')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('enabled', '=', true)
      .executeTakeFirst();
    if (!row) return undefined;
    const opened = this.box.open(sealedSchema.parse(row.key_sealed), aadOf(installationId));
    return {
      installationId,
      spreadsheetId: row.spreadsheet_id,
      tab: row.tab,
      key: serviceAccountKeySchema.parse(JSON.parse(opened)),
    };
  }
}
