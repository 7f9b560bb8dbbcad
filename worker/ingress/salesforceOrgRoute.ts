import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Connection, ConnectionStore } from '../connections/connectionStore';
import type { Installation, InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import { parseJsonBody, rawBodyOf } from './rawBody';
import { verifySalesforceOrgCallout } from './salesforceOrgCallout';

export interface SalesforceOrgRouteDeps {
  connections: Pick<ConnectionStore, 'find'>;
  installations: Pick<InstallationStore, 'get'>;
  /** SALESFORCE_CALLOUT_SECRET: each org signs with its own secret derived from it. */
  deploymentSecret: string;
  logger: Logger;
  now?: () => number;
}

/** The org a verified callout came from: its Salesforce connection and live installation. */
export interface SalesforceOrgCaller {
  orgId: string;
  salesforce: Connection;
  installation: Installation;
}

/**
 * A route for the package's Apex (POST, JSON): the callout is signed with the calling org's own
 * secret (401 otherwise), the body validated (400 naming the field), and the org resolved to its
 * connection and installation; an org not connected, or uninstalled, finds nothing (404).
 */
export function salesforceOrgRoute<T>(
  app: FastifyInstance,
  deps: SalesforceOrgRouteDeps,
  path: string,
  schema: z.ZodType<T>,
  handle: (caller: SalesforceOrgCaller, body: T, reply: FastifyReply) => Promise<FastifyReply>,
): void {
  app.post(path, { config: { rateClass: 'webhook' } }, async (req, reply) => {
    const raw = rawBodyOf(req);
    const verdict = verifySalesforceOrgCallout({
      deploymentSecret: deps.deploymentSecret,
      req,
      rawBody: raw,
      now: (deps.now ?? Date.now)(),
    });
    if (!verdict.ok) {
      deps.logger.warn({ path, reason: verdict.reason }, 'salesforce app callout refused');
      return reply.code(401).send();
    }
    const parsed = parseJsonBody(raw, schema);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error, message: parsed.message });
    const salesforce = await deps.connections.find('salesforce', verdict.orgId);
    const installation = salesforce && (await deps.installations.get(salesforce.installationId));
    if (!salesforce || !installation || installation.status === 'uninstalled')
      return reply
        .code(404)
        .send({ error: 'not_found', message: 'This Salesforce org is not connected to Ledgerbridge.' });
    return handle({ orgId: verdict.orgId, salesforce, installation }, parsed.value, reply);
  });
}
