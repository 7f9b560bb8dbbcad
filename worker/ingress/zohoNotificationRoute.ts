import { ZOHO_DEAL_TRIGGER_FIELDS } from '../connectors/zoho/zohoSchema';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog';
import type { ZohoWatchChannelStore } from '../connectors/zoho/zohoWatchChannelStore';
import type { Logger } from '../logger';
import { signaturesEqual } from '../webhooks/constantTime';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { describeIssues, rawBodyOf } from './rawBody';

export interface ZohoNotificationDeps {
  channels: Pick<ZohoWatchChannelStore, 'forCallback'>;
  /** The holding dispatcher (installations/heldEvents.ts): a paused installation's deals are held. */
  dispatch: CrmDealDispatch;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
}

const paramsSchema = z.object({
  connectionId: z.uuid({ error: 'connectionId: expected the connection ID (a UUID) in the path' }),
});

/** Only the token, read before anything else is looked at. */
const tokenOnly = z.object({ token: z.string().min(1).max(50) });

/** Zoho's ids are longs, sent as strings; a number is taken too. */
const zohoId = z.union([z.string().regex(/^\d{1,19}$/), z.number().int().positive()]).transform(String);

/**
 * Zoho's callback body (the SDK's notifications model; sandbox/zoho/notifications.ts sends it):
 * what the route acts on is required, the rest is as Zoho documents it.
 */
const notificationSchema = z.object({
  server_time: z.number(),
  query_params: z.record(z.string(), z.unknown()).optional(),
  module: z.string().min(1),
  resource_uri: z.string().optional(),
  ids: z.array(zohoId).min(1),
  affected_fields: z.array(z.record(z.string(), z.unknown())).optional(),
  operation: z.enum(['insert', 'update', 'delete']),
  channel_id: zohoId,
  token: z.string(),
});

/**
 * `POST /webhooks/zoho/<connection id>`, the notify URL of the connection's Zoho channel
 * (connectors/zoho/zohoWatchChannel.ts). The body's `token` is compared in constant time with the
 * one stored, sealed, for the connection: missing or wrong (or an unknown connection) is 401 and
 * nothing parsed further. Then the body is validated (400 naming the field). A deal made or changed
 * goes to its deal workflow before the 2xx (signal-with-start; Temporal not taking it is a 503 and
 * Zoho sends it again); an account changed is audited only (the Xero side owns balances); a deal
 * deleted is logged. A disconnected connection's or uninstalled installation's callbacks are
 * answered 200 and dropped; a paused one's deals are held by the dispatcher.
 */
export function registerZohoNotificationRoute(app: FastifyInstance, deps: ZohoNotificationDeps): void {
  const log = deps.logger;
  app.post('/webhooks/zoho/:connectionId', { config: { rateClass: 'webhook' } }, async (req, reply) => {
    const params = paramsSchema.safeParse(req.params);
    if (!params.success) return refuse(reply, 400, 'invalid_path', describeIssues(params.error.issues));
    const { connectionId } = params.data;

    let json: unknown;
    try {
      json = JSON.parse(rawBodyOf(req).toString('utf8'));
    } catch {
      json = undefined;
    }
    const given = tokenOnly.safeParse(json);
    const channel = await deps.channels.forCallback(connectionId);
    if (!given.success || !channel || !signaturesEqual(channel.token, given.data.token)) {
      log.warn(
        { connectionId, reason: !channel ? 'no channel' : given.success ? 'wrong token' : 'no token' },
        'zoho notification refused: bad token',
      );
      return reply.code(401).send();
    }

    const parsed = notificationSchema.safeParse(json);
    if (!parsed.success) {
      const message = describeIssues(parsed.error.issues);
      log.warn({ connectionId, why: message }, 'zoho notification: invalid body');
      return refuse(reply, 400, 'invalid_body', message);
    }
    const n = parsed.data;
    const where = { connectionId, orgId: channel.orgId, module: n.module, operation: n.operation };
    if (n.channel_id !== channel.channelId)
      log.warn({ ...where, channelId: n.channel_id }, 'zoho notification from another channel of ours');
    if (channel.connectionStatus === 'disconnected' || channel.installationStatus === 'uninstalled') {
      log.info(where, 'zoho notification dropped: connection disconnected');
      return reply.code(200).send();
    }

    const ids = [...new Set(n.ids)];
    const source = `zoho:${n.module}.${n.operation}:${n.channel_id}:${n.server_time}`;
    if (n.module === 'Deals' && n.operation !== 'delete') {
      const changed = n.operation === 'update' ? dealsARepChanged(ids, n.affected_fields) : ids;
      const workflows = await deps.dispatch(
        changed.map((dealId) => ({ crm: 'zoho' as const, crmAccount: channel.orgId, dealId, source })),
      );
      log.info(
        { ...where, workflows: workflows.length, echoes: ids.length - changed.length },
        'zoho notification accepted',
      );
    } else if (n.module === 'Accounts') {
      await deps.audit.record({
        action: 'zoho_accounts_changed',
        outcome: 'skipped',
        actor: 'webhook:zoho',
        subject: { installationId: channel.installationId, connectionId, zohoOrgId: channel.orgId },
        detail: {
          operation: n.operation,
          ids,
          affectedFields: affectedFields(n.affected_fields),
          reason: 'account changes are not synced to Xero (Xero owns balances)',
          source,
        },
      });
    } else log.info({ ...where, ids: ids.length }, 'zoho notification: nothing to do');
    return reply.code(200).send();
  });
}

function refuse(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/**
 * The updated deals with a field a rep edits among their affected fields (or none reported): an
 * update of Ledgerbridge's own fields alone (its write-back, echoed by the channel) starts nothing.
 */
function dealsARepChanged(
  ids: readonly string[],
  entries: ReadonlyArray<Record<string, unknown>> | undefined,
): string[] {
  const fieldsOf = new Map<string, string[]>();
  for (const entry of entries ?? [])
    for (const [id, fields] of Object.entries(entry))
      if (Array.isArray(fields))
        fieldsOf.set(id, [...(fieldsOf.get(id) ?? []), ...fields.filter((f) => typeof f === 'string')]);
  return ids.filter((id) => {
    const fields = fieldsOf.get(id);
    return fields === undefined || fields.some((f) => ZOHO_DEAL_TRIGGER_FIELDS.has(f));
  });
}

/** The field names of `affected_fields` (`[{ "<id>": ["Account_Name", …] }]`), once each. */
function affectedFields(entries: ReadonlyArray<Record<string, unknown>> | undefined): string[] {
  const names = (entries ?? []).flatMap((e) => Object.values(e)).flat();
  return [...new Set(names.filter((f): f is string => typeof f === 'string'))];
}
