import {
  InvalidMappingSettingsError,
  StaleMappingSettingsError,
  type SavedMappingSettings,
} from '../sync/mappingSettingsStore';
import type { Connection } from '../connections/connectionStore';
import type { ExtensionCaller } from './extensionRequest';
import type { HubspotAppDeps } from './hubspotAppDeps';
import { theXeroOrganisation } from './portalAccess';
import { settingsPageSchema, type SettingsPage } from './contracts/settingsPage';

const NO_XERO =
  'Connect the Xero organisation first (npm run connect -- xero): the mapping settings belong to it.';
const SEVERAL_XERO =
  'More than one Xero organisation is connected; Ledgerbridge supports one per installation. Disconnect the others first.';

/**
 * The settings page's view of the mapping settings: those of the installation's one Xero
 * organisation (or its defaults until someone saves), saved through the same store and schema the
 * worker loads them with.
 */
export async function loadSettingsPage(deps: HubspotAppDeps, portal: Connection): Promise<SettingsPage> {
  const organisation = await theXeroOrganisation(deps.connections, portal);
  if (organisation.kind === 'none') return { status: 'no_xero_connection', message: NO_XERO };
  if (organisation.kind === 'several') return { status: 'several_xero_connections', message: SEVERAL_XERO };
  const tenantId = organisation.connection.externalId;
  const saved = await deps.settings.current(tenantId);
  return settingsPageSchema.parse({
    status: 'ready',
    xeroTenantId: tenantId,
    xeroOrganisation: organisation.connection.displayName,
    version: saved?.version ?? 0,
    settings: saved?.settings ?? (await deps.settings.load(tenantId)),
    savedBy: saved?.savedBy ?? null,
    savedAt: saved?.savedAt.toISOString() ?? null,
  });
}

export type SaveOutcome =
  | { kind: 'saved'; saved: SavedMappingSettings }
  | { kind: 'invalid'; fieldErrors: Record<string, string> }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'unavailable'; message: string };

export async function saveSettingsFromPage(
  deps: HubspotAppDeps,
  portal: Connection,
  caller: ExtensionCaller,
  input: { expectedVersion: number; settings: unknown },
): Promise<SaveOutcome> {
  const organisation = await theXeroOrganisation(deps.connections, portal);
  if (organisation.kind !== 'one')
    return { kind: 'unavailable', message: organisation.kind === 'none' ? NO_XERO : SEVERAL_XERO };
  const tenantId = organisation.connection.externalId;
  const savedBy = `hubspot:${caller.portalId}:${caller.userEmail ?? caller.userId ?? 'unknown user'}`;
  try {
    const saved = await deps.settings.save(tenantId, input.settings, {
      source: 'hubspot',
      savedBy,
      expectedVersion: input.expectedVersion,
    });
    await deps.audit.record({
      action: 'mapping_settings_saved',
      outcome: 'succeeded',
      actor: `hubspot-user:${caller.portalId}:${caller.userId ?? 'unknown'}`,
      subject: { xeroTenantId: tenantId },
      detail: { version: saved.version, source: 'hubspot' },
    });
    return { kind: 'saved', saved };
  } catch (err) {
    if (err instanceof InvalidMappingSettingsError) return { kind: 'invalid', fieldErrors: err.fieldErrors };
    if (err instanceof StaleMappingSettingsError)
      return { kind: 'stale', currentVersion: err.currentVersion };
    throw err;
  }
}
