import { settingsSaveRequestSchema, settingsSavedSchema } from '../hubspotApp/contracts/settingsPage';
import { loadSettingsPage, saveSettingsFromPage } from '../hubspotApp/settingsPage';
import { loadSyncHealth } from '../hubspotApp/syncHealth';
import { refuse, verifyHubspotExtension, type HubspotExtensionRouteDeps } from './hubspotExtensionGuard';
import { describeIssues } from './rawBody';
import { sendJson, type Router } from './router';

/**
 * The HubSpot settings page's endpoints: read and save the mapping settings of the installation's
 * Xero organisation. Saves are validated with the one mapping settings schema (400 names each bad
 * field, nothing is saved) and refused when the form is stale (409). The page's "Sync health" section
 * reads `/hubspot/health`: the calling portal's connections, parity runs and recent failures.
 */
export function registerHubspotSettingsRoutes(router: Router, deps: HubspotExtensionRouteDeps): void {
  router.on('GET', '/hubspot/settings', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    if (!verified) return;
    sendJson(ctx.res, 200, await loadSettingsPage(deps.app));
  });

  router.on('GET', '/hubspot/health', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    if (!verified) return;
    sendJson(ctx.res, 200, await loadSyncHealth(deps.app, verified.portal));
  });

  router.on('PUT', '/hubspot/settings', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    if (!verified) return;
    let json: unknown;
    try {
      json = JSON.parse(verified.body.toString('utf8'));
    } catch {
      return refuse(ctx, 400, 'invalid_request', 'The body is not JSON.');
    }
    const request = settingsSaveRequestSchema.safeParse(json);
    if (!request.success) return refuse(ctx, 400, 'invalid_request', describeIssues(request.error.issues));
    const outcome = await saveSettingsFromPage(deps.app, verified.caller, request.data);
    switch (outcome.kind) {
      case 'saved':
        return sendJson(
          ctx.res,
          200,
          settingsSavedSchema.parse({
            version: outcome.saved.version,
            savedAt: outcome.saved.savedAt.toISOString(),
            settings: outcome.saved.settings,
          }),
        );
      case 'invalid':
        return sendJson(ctx.res, 400, {
          error: 'invalid_settings',
          message: 'Some settings are not valid; nothing was saved.',
          fieldErrors: outcome.fieldErrors,
        });
      case 'stale':
        return sendJson(ctx.res, 409, {
          error: 'stale_settings',
          message: `Someone saved these settings since you opened them (now version ${outcome.currentVersion}). Reload to see their changes.`,
          currentVersion: outcome.currentVersion,
        });
      case 'unavailable':
        return refuse(ctx, 409, 'no_single_xero_connection', outcome.message);
    }
  });
}
