import type { Connection } from '../connections/connectionStore';
import { ParityStore, type ParityRunRow } from '../parity/parityStore';
import {
  cutoverAgreementSchema,
  FINDINGS_SHOWN,
  parityRunSummarySchema,
  syncHealthSchema,
  type ConnectionHealth,
  type ParityFindingView,
  type ParityRunSummary,
  type SyncHealth,
} from './contracts/syncHealth';
import type { HubspotAppDeps } from './hubspotAppDeps';
import { theXeroOrganisation } from './portalAccess';
import { failureShapes, recentFailures } from './recentFailures';

const RUNS_SHOWN = 10;
const NO_XERO =
  'No Xero organisation is connected (npm run connect -- xero), so there is nothing to check this portal against.';
const SEVERAL_XERO =
  'More than one Xero organisation is connected; Ledgerbridge supports one per installation, so no parity check runs.';
const NEVER_CHECKED =
  'No parity check has run yet. The scheduled check compares every invoice and contact in both systems; its results appear here.';

/**
 * What the settings page's "Sync health" section shows a portal: both connections, the parity
 * checks of this portal against the installation's Xero organisation (the same runs Salesforce's
 * sync health page shows for its org), the newest run's findings, and recent failed syncs.
 */
export async function loadSyncHealth(deps: HubspotAppDeps, portal: Connection): Promise<SyncHealth> {
  const organisation = await theXeroOrganisation(deps.connections, portal);
  const xero = organisation.kind === 'one' ? organisation.connection : undefined;
  const xeroShown = xero
    ? [xero]
    : (await deps.connections.list({ installationId: portal.installationId })).filter(
        (c) => c.vendor === 'xero' && c.status !== 'disconnected',
      );
  const common = {
    connections: [portal, ...xeroShown].map(connectionHealth),
    recentFailures: await recentFailures(deps.db, failureShapes(portal, xero), deps.now()),
  };
  if (organisation.kind === 'none')
    return syncHealthSchema.parse({ status: 'no_xero_connection', ...common, message: NO_XERO });
  if (organisation.kind === 'several')
    return syncHealthSchema.parse({ status: 'several_xero_connections', ...common, message: SEVERAL_XERO });

  const parity = new ParityStore(deps.db);
  const runs = await parity.history(organisation.connection.externalId, portal.id, RUNS_SHOWN);
  const [newest] = runs;
  if (!newest) return syncHealthSchema.parse({ status: 'never_checked', ...common, message: NEVER_CHECKED });
  return syncHealthSchema.parse({
    status: 'checked',
    ...common,
    runs: runs.map(runSummary),
    newestFindings: { runId: newest.run_id, ...(await firstFindings(deps, newest.run_id)) },
  });
}

function connectionHealth(connection: Connection): ConnectionHealth {
  return {
    vendor: connection.vendor === 'xero' ? 'xero' : 'hubspot',
    name: connection.displayName,
    status: connection.status,
    lastRefreshError: connection.lastRefreshError,
  };
}

function runSummary(run: ParityRunRow): ParityRunSummary {
  const agreement = cutoverAgreementSchema.safeParse(run.agreement);
  return {
    runId: run.run_id,
    startedAt: run.started_at.toISOString(),
    finishedAt: (run.finished_at ?? run.started_at).toISOString(),
    pairsCompared: run.pairs_compared,
    findings: run.findings,
    byKind: parityRunSummarySchema.shape.byKind.parse(run.by_kind),
    mode: run.mode,
    agreement: run.agreement && agreement.success ? agreement.data : null,
  };
}

/**
 * The first findings of a run in the order ParityStore.findings gives them (kind, then key), and how
 * many there are. Read here with a limit: a run against a large ledger can hold tens of thousands.
 */
async function firstFindings(
  deps: HubspotAppDeps,
  runId: string,
): Promise<{ total: number; rows: ParityFindingView[] }> {
  const rows = await deps.db
    .selectFrom('parity_findings')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('kind')
    .orderBy('finding_key')
    .limit(FINDINGS_SHOWN)
    .execute();
  const count = await deps.db
    .selectFrom('parity_findings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return {
    total: Number(count.n),
    rows: rows.map((f) => ({
      kind: f.kind,
      entity: f.entity,
      field: f.field,
      xeroId: f.xero_id,
      xeroLabel: f.xero_label,
      xeroValue: f.xero_value,
      crmId: f.crm_id,
      crmValue: f.crm_value,
      message: f.message,
    })),
  };
}
