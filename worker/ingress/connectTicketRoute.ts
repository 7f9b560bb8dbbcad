import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConnectTickets } from '../installations/connectTickets';
import { installationSlugSchema, type InstallationStore } from '../installations/installationStore';
import { issueOperatorTicket, type OperatorTicketRequest } from '../installations/operatorTickets';
import type { Logger } from '../logger';
import { signaturesEqual } from '../webhooks/constantTime';
import { parseJsonBody, rawBodyOf } from './rawBody';
import { headerOf } from './requestParts';

export interface ConnectTicketRouteDeps {
  tickets: Pick<ConnectTickets, 'issue'>;
  installations: Pick<InstallationStore, 'bySlug' | 'ensure'>;
  /** Required as `Authorization: Bearer <token>` (installations/operatorTickets.ts). */
  operatorToken: string;
  logger: Logger;
}

const requestSchema = z
  .object({
    vendor: z.enum(['xero', 'salesforce', 'hubspot', 'zoho']),
    installation: installationSlugSchema.optional(),
    /** An install ticket: "connect a new customer". */
    newInstallation: z.boolean().optional(),
    /** The new installation's name (default: the CRM account's). */
    name: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.newInstallation && r.installation !== undefined)
      issue('installation', 'an install ticket (newInstallation) names no installation');
    if (r.newInstallation && r.vendor === 'xero')
      issue(
        'vendor',
        'an install ticket is for a CRM (salesforce, hubspot or zoho): Xero joins an installation',
      );
    if (!r.newInstallation && r.name !== undefined) issue('name', 'a name goes with newInstallation: true');
  });

function ticketRequest(r: z.infer<typeof requestSchema>): OperatorTicketRequest {
  return r.newInstallation
    ? { vendor: r.vendor, newInstallation: { name: r.name } }
    : { vendor: r.vendor, installation: r.installation };
}

/**
 * `POST /connect/tickets` on the operations listener: `npm run connect` gets its connect ticket
 * from the running worker (in the embedded mode it cannot open the worker's PGlite itself). Body
 * `{ vendor, installation? }`, or `{ vendor, newInstallation: true, name? }` for an install ticket;
 * answers 201 `{ ticket, expiresAt, installation: { slug, created } | null }` (null: an install).
 */
export function registerConnectTicketRoute(app: FastifyInstance, deps: ConnectTicketRouteDeps): void {
  app.post('/connect/tickets', { config: { rateClass: 'operations' } }, async (req, reply) => {
    const given = /^Bearer (.+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
    if (given === undefined || !signaturesEqual(deps.operatorToken, given))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Send the operator token as a bearer token.' });
    const parsed = parseJsonBody(rawBodyOf(req), requestSchema);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error, message: parsed.message });
    const issued = await issueOperatorTicket(deps, ticketRequest(parsed.value));
    deps.logger.info(
      {
        vendor: parsed.value.vendor,
        installation: issued.installation?.slug ?? 'new',
        ticketId: issued.ticketId,
      },
      'connect ticket issued to the operator',
    );
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({
        ticket: issued.ticket,
        expiresAt: issued.expiresAt.toISOString(),
        installation: issued.installation && {
          slug: issued.installation.slug,
          created: issued.installation.created,
        },
      });
  });
}
