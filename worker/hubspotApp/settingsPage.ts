import {
  InvalidMappingSettingsError,
  StaleMappingSettingsError,
  type SavedMappingSettings,
} from '../sync/mappingSettingsStore';
import type { Connection } from '../connections/connectionStore';
import type { ExtensionCaller } from './extensionRequest';
import type { HubspotAppDeps } from './hubspotAppDeps';
import { settingsPageSchema, type SettingsPage } from './contracts/settingsPage';

/**
 * The settings page's view of the mapping settings: those of the portal's installation (or the
 * defaults until someone saves), with its Xero organisations for the organisation picker and the
 * routing rules, saved through the same store and schema the worker loads them with.
 */
export async function loadSettingsPage(deps: HubspotAppDeps, portal: Connection): Promise<SettingsPage> {
  const own = await deps.connections.list({ installationId: portal.installationId });
  const saved = await deps.settings.current(portal.installationId);
  return settingsPageSchema.parse({
    status: 'ready',
    organisations: own
      .filter((c) => c.vendor === 'xero')
      .map((c) => ({
        xeroTenantId: c.externalId,
        name: c.displayName,
        connected: c.status !== 'disconnected',
      })),
    version: saved?.version ?? 0,
    settings: saved?.settings ?? (await deps.settings.loadInstallation(portal.installationId)),
    savedBy: saved?.savedBy ?? null,
    savedAt: saved?.savedAt.toISOString() ?? null,
  });
}

export type SaveOutcome =
  | { kind: 'saved'; saved: SavedMappingSettings }
  | { kind: 'invalid'; fieldErrors: Record<string, string> }
  | { kind: 'stale'; currentVersion: number };

export async function saveSettingsFromPage(
  deps: HubspotAppDeps,
  portal: Connection,
  caller: ExtensionCaller,
  input: { expectedVersion: number; settings: unknown },
): Promise<SaveOutcome> {
  const savedBy = `hubspot:${caller.portalId}:${caller.userEmail ?? caller.userId ?? 'unknown user'}`;
  try {
    const saved = await deps.settings.save(portal.installationId, input.settings, {
      source: 'hubspot',
      savedBy,
      expectedVersion: input.expectedVersion,
    });
    await deps.audit.record({
      action: 'mapping_settings_saved',
      outcome: 'succeeded',
      actor: `hubspot-user:${caller.portalId}:${caller.userId ?? 'unknown'}`,
      subject: { installationId: portal.installationId },
      detail: {
        version: saved.version,
        source: 'hubspot',
        organisations: Object.keys(saved.settings.organisations),
      },
    });
    return { kind: 'saved', saved };
  } catch (err) {
    if (err instanceof InvalidMappingSettingsError) return { kind: 'invalid', fieldErrors: err.fieldErrors };
    if (err instanceof StaleMappingSettingsError)
      return { kind: 'stale', currentVersion: err.currentVersion };
    throw err;
  }
}
