import type { FastifyInstance } from 'fastify';
import { dealPipelinesSchema } from '../hubspotApp/contracts/dealPipelines';
import { settingsSaveRequestSchema, settingsSavedSchema } from '../hubspotApp/contracts/settingsPage';
import { loadReceivables } from '../hubspotApp/receivables';
import { loadSettingsPage, saveSettingsFromPage } from '../hubspotApp/settingsPage';
import { loadSyncHealth } from '../hubspotApp/syncHealth';
import {
  extensionRouteOptions,
  refuse,
  refuseVendorFailure,
  verifyHubspotExtension,
  type HubspotExtensionRouteDeps,
} from './hubspotExtensionGuard';
import { parseJsonBody } from './rawBody';
import { allowedToManageSettings } from './settingsManagerGuard';

/**
 * The HubSpot settings page's endpoints: read and save the mapping settings of the portal's
 * installation (shared parts, each Xero organisation's own parts, the routing of won deals). Saves are validated with the one mapping settings schema (400 names each bad
 * field, nothing is saved) and refused when the form is stale (409) or the user may not manage the
 * app's settings (403). The page's "Sync health" section reads `/hubspot/health`: the calling
 * portal's connections, parity runs and recent failures; `/hubspot/pipelines` the portal's deal
 * pipelines and stages, for the stage of each invoice status; `/hubspot/receivables` the newest
 * nightly receivables figures of the portal's installation.
 */
export function registerHubspotSettingsRoutes(
  server: FastifyInstance,
  deps: HubspotExtensionRouteDeps,
): void {
  server.get('/hubspot/settings', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    try {
      return reply.code(200).send(await loadSettingsPage(deps.app, verified.portal));
    } catch (err) {
      return refuseVendorFailure(req, reply, err, deps);
    }
  });

  server.get('/hubspot/health', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    try {
      return reply.code(200).send(await loadSyncHealth(deps.app, verified.portal));
    } catch (err) {
      return refuseVendorFailure(req, reply, err, deps);
    }
  });

  server.get('/hubspot/receivables', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    try {
      return reply.code(200).send(await loadReceivables(deps.app, verified.portal));
    } catch (err) {
      return refuseVendorFailure(req, reply, err, deps);
    }
  });

  // The deal stages the page offers for each invoice status, pipeline by pipeline.
  server.get('/hubspot/pipelines', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    try {
      const pipelines = await deps.app.recordsOf(verified.portal.id).dealPipelines();
      return reply.code(200).send(dealPipelinesSchema.parse({ pipelines }));
    } catch (err) {
      return refuseVendorFailure(req, reply, err, deps);
    }
  });

  server.put('/hubspot/settings', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified || !(await allowedToManageSettings(req, reply, deps, verified))) return reply;
    const request = parseJsonBody(verified.body, settingsSaveRequestSchema);
    if (!request.ok) return refuse(reply, 400, 'invalid_request', request.message);
    const outcome = await saveSettingsFromPage(deps.app, verified.portal, verified.caller, request.value);
    switch (outcome.kind) {
      case 'saved':
        return reply.code(200).send(
          settingsSavedSchema.parse({
            version: outcome.saved.version,
            savedAt: outcome.saved.savedAt.toISOString(),
            settings: outcome.saved.settings,
          }),
        );
      case 'invalid':
        return reply.code(400).send({
          error: 'invalid_settings',
          message: 'Some settings are not valid; nothing was saved.',
          fieldErrors: outcome.fieldErrors,
        });
      case 'stale':
        return reply.code(409).send({
          error: 'stale_settings',
          message: `Someone saved these settings since you opened them (now version ${outcome.currentVersion}). Reload to see their changes.`,
          currentVersion: outcome.currentVersion,
        });
    }
  });
}
