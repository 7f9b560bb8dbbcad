import type { Alerter } from '../alerts/alerter';
import type { AuditLog } from '../audit/auditLog';
import type { ZohoClient } from '../connectors/zoho/zohoClient';
import { missingInvoiceRecordFields } from '../connectors/zoho/zohoInvoiceRecords';
import { missingLedgerbridgeFields, XERO_INVOICE } from '../connectors/zoho/zohoSchema';
import type { Logger } from '../logger';
import type { Connection } from './connectionStore';

/** Where in Zoho CRM an admin adds custom fields (and the Xero_Invoices module). */
export const ZOHO_FIELDS_SETUP = 'Setup → Customization → Modules and Fields';

/** What the org lacks, as `Module.Field (why)`: required for any sync, optional for the invoice records. */
export interface ZohoFieldGaps {
  required: string[];
  optional: string[];
}

export interface ZohoFieldReportDeps {
  audit: AuditLog;
  alerter: Alerter;
  logger: Logger;
}

/** Reads the org's field metadata (Accounts, Deals, Xero_Invoices: three settings/fields calls). */
export async function zohoFieldGaps(client: ZohoClient): Promise<ZohoFieldGaps> {
  return {
    required: await missingLedgerbridgeFields(client),
    optional: await missingInvoiceRecordFields(client),
  };
}

/**
 * The custom fields a newly connected org still lacks: an audit row `zoho_fields_missing` and, when
 * syncs cannot write yet (a required field missing), an alert; returns what the connected page says.
 * The connection stays saved: once an admin adds the fields, its syncs go through (ZohoCrm checks
 * again before writing). A check that fails (Zoho unreachable) is a warning, never a failed connect.
 */
export async function reportZohoFieldGaps(
  deps: ZohoFieldReportDeps,
  connection: Connection,
  gapsOf: () => Promise<ZohoFieldGaps>,
): Promise<string[]> {
  let gaps: ZohoFieldGaps;
  try {
    gaps = await gapsOf();
  } catch (err) {
    deps.logger.warn(
      { connectionId: connection.id, reason: err instanceof Error ? err.message : String(err) },
      "could not check the Zoho org's custom fields at connect",
    );
    return [
      "Ledgerbridge could not check this org's custom fields just now; a sync that needs one names it.",
    ];
  }
  if (gaps.required.length === 0 && gaps.optional.length === 0) return [];

  const subject = {
    installationId: connection.installationId,
    connectionId: connection.id,
    vendor: connection.vendor,
    account: connection.externalId,
  };
  await deps.audit.record({
    action: 'zoho_fields_missing',
    // Failed: syncs to the org wait for the fields. Skipped: only the optional invoice records wait.
    outcome: gaps.required.length > 0 ? 'failed' : 'skipped',
    actor: 'worker',
    subject,
    detail: { required: gaps.required, optional: gaps.optional, where: ZOHO_FIELDS_SETUP },
  });
  if (gaps.required.length > 0)
    await deps.alerter.send({
      kind: 'zoho_fields_missing',
      text: `${connection.displayName} (Zoho CRM org ${connection.externalId}) connected but lacks Ledgerbridge's custom fields: ${gaps.required.join(', ')}. An admin adds them in Zoho CRM (${ZOHO_FIELDS_SETUP}) with exactly these API names; syncs to the org are refused until then.`,
      fields: { ...subject, missing: gaps.required.join(', ') },
    });
  return zohoFieldNotices(gaps);
}

/** The connected page's words for the gaps. */
export function zohoFieldNotices(gaps: ZohoFieldGaps): string[] {
  const notices: string[] = [];
  if (gaps.required.length > 0)
    notices.push(
      `This org lacks custom fields Ledgerbridge writes: ${gaps.required.join(', ')}. Add them in Zoho CRM (${ZOHO_FIELDS_SETUP}) with exactly these API names; until then syncs to this org wait.`,
    );
  if (gaps.optional.length > 0)
    notices.push(
      `Optional: the ${XERO_INVOICE.module} module (each invoice as a related list on its account and deal) is not set up as Ledgerbridge writes it: ${gaps.optional.join(', ')}. Accounts and deals sync without it; add it in ${ZOHO_FIELDS_SETUP} to have the invoice records too.`,
    );
  return notices;
}
