import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connection } from '../connections/connectionStore';
import { xeroConnectLinkSchema, xeroDisconnectedSchema } from '../hubspotApp/contracts/xeroConnections';
import { installationXeroConnections, loadXeroConnections } from '../hubspotApp/xeroConnections';
import type { ConnectTickets } from '../installations/connectTickets';
import {
  extensionRouteOptions,
  refuse,
  verifyHubspotExtension,
  type HubspotExtensionRouteDeps,
} from './hubspotExtensionGuard';
import { allowedToManageSettings } from './settingsManagerGuard';

/** Ends one connection for good (tokens revoked at the vendor, its syncs stopped, audited). */
export type DisconnectConnection = (input: { connection: Connection; actor: string }) => Promise<void>;

export interface HubspotConnectRouteDeps extends HubspotExtensionRouteDeps {
  tickets: Pick<ConnectTickets, 'issue'>;
  disconnect: DisconnectConnection;
}

type ConnectionParams = { Params: { connectionId: string } };

/**
 * "Connect Xero" on the HubSpot settings page (`hubspot.fetch`, signed by HubSpot): the Xero
 * organisations of the calling portal's installation, a connect link for it, and disconnecting one
 * of them. Connecting and disconnecting need a user who may manage the app's settings; a connection
 * of another installation is not found (404), whoever asks.
 */
export function registerHubspotConnectRoutes(server: FastifyInstance, deps: HubspotConnectRouteDeps): void {
  server.get('/hubspot/connections/xero', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    return reply.code(200).send(await loadXeroConnections(deps.app, verified.portal));
  });

  // Connect and reconnect alike: the callback saves the organisation into the ticket's installation.
  server.post('/hubspot/connections/xero/connect-link', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified || !(await allowedToManageSettings(req, reply, deps, verified))) return reply;
    const { portalId, userId } = verified.caller;
    const issued = await deps.tickets.issue({
      installationId: verified.portal.installationId,
      vendor: 'xero',
      issuedTo: `hubspot:${portalId}:${userId ?? 'unknown'}`,
    });
    const url = new URL('/oauth/xero/start', deps.publicUrl);
    url.searchParams.set('ticket', issued.ticket);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send(xeroConnectLinkSchema.parse({ url: url.toString(), expiresAt: issued.expiresAt.toISOString() }));
  });

  server.post<ConnectionParams>(
    '/hubspot/connections/xero/:connectionId/disconnect',
    extensionRouteOptions,
    async (req, reply) => {
      const verified = await verifyHubspotExtension(req, reply, deps);
      if (!verified) return reply;
      const connectionId = z.uuid().safeParse(req.params.connectionId);
      if (!connectionId.success)
        return refuse(reply, 400, 'invalid_request', 'connectionId must be a connection ID');
      if (!(await allowedToManageSettings(req, reply, deps, verified))) return reply;
      const own = await installationXeroConnections(deps.app.connections, verified.portal);
      const connection = own.find((c) => c.id === connectionId.data);
      if (!connection)
        return refuse(reply, 404, 'not_found', 'No such Xero organisation is connected to this account.');
      const { portalId, userId } = verified.caller;
      await deps.disconnect({
        connection,
        actor: `hubspot-user:${portalId}:${userId ?? 'unknown'}`,
      });
      return reply
        .code(200)
        .send(xeroDisconnectedSchema.parse({ id: connectionId.data, status: 'disconnected' }));
    },
  );
}
