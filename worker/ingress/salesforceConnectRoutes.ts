import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Connection, ConnectionStore } from '../connections/connectionStore';
import type { ConnectTickets } from '../installations/connectTickets';
import type { Installation, InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import { salesforceOrgRoute } from './salesforceOrgRoute';

/** Ends a Xero connection of the installation: tokens revoked, its work stopped, audited. */
export type DisconnectXeroConnection = (input: { connection: Connection; actor: string }) => Promise<void>;

export interface SalesforceConnectDeps {
  connections: Pick<ConnectionStore, 'find' | 'get' | 'list'>;
  installations: Pick<InstallationStore, 'get'>;
  tickets: Pick<ConnectTickets, 'issue'>;
  disconnect: DisconnectXeroConnection;
}

export interface SalesforceConnectRouteDeps extends SalesforceConnectDeps {
  /** SALESFORCE_CALLOUT_SECRET: each org signs with its own secret derived from it. */
  deploymentSecret: string;
  publicUrl: string;
  logger: Logger;
  now?: () => number;
}

/** A Salesforce user ID (UserInfo.getUserId()): the admin the org vouches for, named in the audit trail. */
const userIdSchema = z.string().regex(/^005[0-9A-Za-z]{15}$/, 'an 18-character Salesforce user ID (005…)');
const listSchema = z.object({ userId: userIdSchema });
const connectSchema = z.object({ userId: userIdSchema, reconnect: z.uuid().optional() });
const disconnectSchema = z.object({ userId: userIdSchema, connectionId: z.uuid() });

/** What the app page shows of one Xero organisation: never a token. */
export interface XeroConnectionView {
  id: string;
  tenantId: string;
  name: string;
  status: Connection['status'];
  /** Why it needs a reconnect, when it does. */
  problem: string | null;
  lastRefreshAt: string | null;
}

interface Caller {
  orgId: string;
  installation: Installation;
}

/**
 * The Ledgerbridge app page's "Xero connections" card (LWC ledgerbridgeXeroConnections), through the
 * package's Apex (LedgerbridgeXeroConnections), which lets only admins connect and disconnect. Each
 * request is a callout signed with the calling org's own secret (salesforceOrgCallout.ts); the org
 * is resolved to its installation through its Salesforce connection, and nothing of another
 * installation is ever found (404).
 * - `POST /salesforce/xero-connections`: the installation's Xero organisations and their status.
 * - `POST /salesforce/xero-connections/connect`: a connect ticket's `/oauth/xero/start` URL.
 * - `POST /salesforce/xero-connections/disconnect`: disconnects one; answers the list after it.
 */
export function registerSalesforceConnectRoutes(
  app: FastifyInstance,
  deps: SalesforceConnectRouteDeps,
): void {
  const orgRoute = <T>(
    path: string,
    schema: z.ZodType<T>,
    handle: (caller: Caller, body: T, reply: FastifyReply) => Promise<FastifyReply>,
  ) => salesforceOrgRoute(app, deps, path, schema, handle);

  orgRoute('/salesforce/xero-connections', listSchema, async (caller, _body, reply) =>
    reply.code(200).send({ connections: await xeroConnectionsOf(deps, caller) }),
  );

  orgRoute('/salesforce/xero-connections/connect', connectSchema, async (caller, body, reply) => {
    if (body.reconnect && !(await xeroConnectionOf(deps, caller, body.reconnect)))
      return notFound(reply, 'No such Xero connection.');
    const issued = await deps.tickets.issue({
      installationId: caller.installation.id,
      vendor: 'xero',
      issuedTo: `salesforce:${caller.orgId}:${body.userId}`,
    });
    deps.logger.info(
      { installation: caller.installation.slug, orgId: caller.orgId, ticketId: issued.ticketId },
      'xero connect ticket issued to a salesforce admin',
    );
    const url = new URL('/oauth/xero/start', deps.publicUrl);
    url.searchParams.set('ticket', issued.ticket);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ url: url.toString(), expiresAt: issued.expiresAt.toISOString() });
  });

  orgRoute('/salesforce/xero-connections/disconnect', disconnectSchema, async (caller, body, reply) => {
    const connection = await xeroConnectionOf(deps, caller, body.connectionId);
    if (!connection) return notFound(reply, 'No such Xero connection.');
    await deps.disconnect({ connection, actor: `salesforce:${caller.orgId}:${body.userId}` });
    deps.logger.info(
      { installation: caller.installation.slug, orgId: caller.orgId, connectionId: connection.id },
      'xero connection disconnected from salesforce',
    );
    return reply.code(200).send({ connections: await xeroConnectionsOf(deps, caller) });
  });
}

async function xeroConnectionOf(
  deps: SalesforceConnectDeps,
  caller: Caller,
  id: string,
): Promise<Connection | undefined> {
  const connection = await deps.connections.get(id);
  return connection?.vendor === 'xero' && connection.installationId === caller.installation.id
    ? connection
    : undefined;
}

async function xeroConnectionsOf(deps: SalesforceConnectDeps, caller: Caller): Promise<XeroConnectionView[]> {
  const all = await deps.connections.list({ installationId: caller.installation.id });
  return all
    .filter((c) => c.vendor === 'xero')
    .map((c) => ({
      id: c.id,
      tenantId: c.externalId,
      name: c.displayName,
      status: c.status,
      problem: c.status === 'needs_reauth' ? (c.lastRefreshError ?? 'Xero asks to be reconnected.') : null,
      lastRefreshAt: c.lastRefreshAt?.toISOString() ?? null,
    }));
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message });
}
