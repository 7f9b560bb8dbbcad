import type { CanonicalContact } from '../../workflows/domain/canonical';
import { applyPersonDecision, LinkConflictError, type PersonLinkResult } from '../sync/personLink';
import { installationSides, type AlignmentDeps } from './alignmentDeps';
import { listXeroContacts, storedContactLinks } from './alignmentSources';
import type { CrmVendor } from './decisionCell';
import { planAlignment, type PlannedChange } from './planAlignment';
import { validateWorkbook, type CellError, type RowDecision } from './validateWorkbook';

export interface AlignmentImport {
  installation: string;
  errors: CellError[];
  plan: PlannedChange[];
  /** Absent on a dry run or when a row had an error: nothing was applied. */
  applied?: {
    outcomes: Record<PersonLinkResult['outcome'], number>;
    failed: Array<{ row: number; message: string }>;
  };
}

/**
 * Reads the decisions of a workbook, checks every row (cells, then that each contact is still in
 * Xero), plans, and unless it is a dry run or any row is wrong applies each decision through
 * applyPersonDecision: the sync's own linker, one audit row per link, no write for a decision
 * already in force. A decision refused there (the record was linked elsewhere meanwhile) or
 * refused by the CRM is reported with its row; the rest still apply.
 */
export async function importAlignment(
  deps: AlignmentDeps,
  input: { table: string[][]; dryRun: boolean; by: string; concurrency?: number },
): Promise<AlignmentImport> {
  const slug = installationOf(input.table);
  const sides = await installationSides(deps, slug);
  const vendors = new Map<string, CrmVendor>(
    sides.crms.map((c) => [c.connection.id, c.connection.vendor as CrmVendor]),
  );
  const tenants = new Map(sides.xero.map((c) => [c.externalId.toLowerCase(), c]));
  const { decisions, errors } = validateWorkbook(input.table, {
    installation: slug,
    xeroTenantIds: new Set(tenants.keys()),
    crmConnections: vendors,
  });
  if (errors.length > 0) return { installation: slug, errors, plan: [] };

  // The contacts as Xero has them now (what the link writes), listed once per organisation.
  const contacts = new Map<string, CanonicalContact>();
  for (const tenant of new Set(decisions.map((d) => d.xeroTenantId))) {
    const connection = tenants.get(tenant);
    if (!connection) continue;
    for (const c of await listXeroContacts(deps.xeroApi(connection.id)))
      contacts.set(`${tenant} ${c.xeroContactId.toLowerCase()}`, c);
  }
  const missing = decisions
    .filter((d) => !contacts.has(`${d.xeroTenantId} ${d.xeroContactId}`))
    .map((d) => ({
      row: d.row,
      column: 'xero_contact_id',
      message: `Xero contact ${d.xeroContactId} is not an active contact of the organisation (archived or deleted since the export?)`,
    }));
  if (missing.length > 0) return { installation: slug, errors: missing, plan: [] };

  const links = new Map<string, Map<string, string>>();
  for (const d of decisions) {
    const key = `${d.crmConnectionId} ${d.xeroTenantId}`;
    if (!links.has(key)) links.set(key, await storedContactLinks(deps.db, d.crmConnectionId, d.xeroTenantId));
  }
  const plan = planAlignment(decisions, (d) => links.get(`${d.crmConnectionId} ${d.xeroTenantId}`));
  if (input.dryRun) return { installation: slug, errors: [], plan };

  const outcomes = { linked: 0, created: 0, ignored: 0, unchanged: 0 };
  const failed: Array<{ row: number; message: string }> = [];
  // Only the CRMs decided on: readying one can write (HubSpot creates its link property on first use).
  const decided = new Set(decisions.map((d) => d.crmConnectionId));
  const ports = new Map(
    await Promise.all(
      sides.crms
        .filter((c) => decided.has(c.connection.id))
        .map(async (c) => {
          if (!c.target.personAccounts) throw new Error(`${c.connection.vendor} cannot take a person's link`);
          return [c.connection.id, await c.target.personAccounts()] as const;
        }),
    ),
  );
  const applyOne = async (d: RowDecision) => {
    const port = ports.get(d.crmConnectionId);
    const contact = contacts.get(`${d.xeroTenantId} ${d.xeroContactId}`);
    if (!port || !contact) return;
    try {
      const result = await applyPersonDecision(
        { port, links: deps.links, reviews: deps.reviews, audit: deps.audit },
        {
          installationId: sides.installation.id,
          xeroTenantId: d.xeroTenantId,
          contact,
          decision: d.decision,
          by: input.by,
          source: 'alignment',
        },
      );
      outcomes[result.outcome]++;
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      const message = err instanceof LinkConflictError ? err.message : `not applied: ${err.message}`;
      failed.push({ row: d.row, message });
    }
  };
  // A few at once: each decision is a handful of paced CRM calls; distinct contacts and records
  // (validated above) so no two decisions touch one pair.
  const queue = [...decisions];
  await Promise.all(
    Array.from({ length: input.concurrency ?? 4 }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await applyOne(d);
    }),
  );
  failed.sort((a, b) => a.row - b.row);
  return { installation: slug, errors: [], plan, applied: { outcomes, failed } };
}

/** The installation a workbook was exported for: its first row's (validation holds the rest to it). */
function installationOf(table: string[][]): string {
  const at = (table[0] ?? []).map((h) => h.trim().toLowerCase()).indexOf('installation');
  const slug = table
    .slice(1)
    .map((r) => (r[at] ?? '').trim())
    .find((s) => s !== '');
  if (at < 0 || !slug) throw new Error('row 1, column installation: the workbook names no installation');
  return slug;
}
