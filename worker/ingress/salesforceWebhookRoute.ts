import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { verifySalesforceCallout } from '../webhooks/salesforceCalloutSignature';
import { headerOf } from './requestParts';
import { verifySalesforceOrgCallout } from './salesforceOrgCallout';
import { signedJsonRoute } from './signedJsonRoute';

const closedWonNoticeSchema = z.object({
  /** closed_won: the package's flow; resync: the Opportunity page's button (absent from older packages). */
  reason: z.enum(['closed_won', 'resync']).default('closed_won'),
  orgId: z.string().min(15),
  sobject: z.literal('Opportunity'),
  recordId: z.string().min(15),
  stageName: z.string(),
  systemModstamp: z.string(),
  eventId: z.string(),
});

/**
 * `POST /webhooks/salesforce`: the package's record-triggered flow calls this through its Named
 * Credential when an Opportunity becomes Closed Won, and its re-sync button (Apex) when a user
 * asks. Signature checked (constant time, 5-minute window), then the opportunity's workflow is
 * signalled before the 200. Signed with the deployment's secret (the sandbox, a single-org
 * deployment) or with the org's own, when the notice's orgId is that org's.
 */
export function registerSalesforceWebhookRoute(
  app: FastifyInstance,
  deps: { secret: string; dispatch: CrmDealDispatch; logger: Logger; now?: () => number },
): void {
  signedJsonRoute(app, {
    path: '/webhooks/salesforce',
    name: 'salesforce callout',
    logger: deps.logger,
    verify: (req, raw) => {
      const now = (deps.now ?? Date.now)();
      const signedByDeployment = verifySalesforceCallout({
        secret: deps.secret,
        rawBody: raw,
        signature: headerOf(req, 'x-ledgerbridge-signature'),
        timestamp: headerOf(req, 'x-ledgerbridge-timestamp'),
        now,
      });
      if (signedByDeployment) return { ok: true };
      // An org holding only its own secret (salesforceOrgCallout.ts) may speak for itself alone.
      const org = verifySalesforceOrgCallout({ deploymentSecret: deps.secret, req, rawBody: raw, now });
      if (!org.ok) return { ok: false, reason: 'bad or stale signature' };
      return orgIdOf(raw) === org.orgId
        ? { ok: true }
        : { ok: false, reason: 'the notice names another org than the one that signed it' };
    },
    schema: closedWonNoticeSchema,
    handOver: async (notice) => {
      await deps.dispatch([
        {
          crm: 'salesforce',
          crmAccount: notice.orgId,
          dealId: notice.recordId,
          source:
            notice.reason === 'resync'
              ? `salesforce-resync:${notice.eventId}`
              : `salesforce:${notice.eventId}`,
        },
      ]);
    },
  });
}

/** The orgId an (already authenticated) notice names; undefined when it names none. */
function orgIdOf(raw: Buffer): unknown {
  try {
    return (JSON.parse(raw.toString('utf8')) as { orgId?: unknown } | null)?.orgId;
  } catch {
    return undefined;
  }
}
