import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { verifySalesforceCallout } from '../webhooks/salesforceCalloutSignature';
import { headerOf } from './requestParts';
import { orgIdsOf, salesforceNoticesSchema } from './salesforceNotices';
import { verifySalesforceOrgCallout } from './salesforceOrgCallout';
import { signedJsonRoute } from './signedJsonRoute';

/**
 * `POST /webhooks/salesforce`: the package's record-triggered flow calls this through its Named
 * Credential with every opportunity of one invocation that became Closed Won (`{"notices": [...]}`,
 * up to 200), and its re-sync button (Apex) with one notice. Signature checked (constant time,
 * 5-minute window), then every deal's workflow is signalled (signalWithStart: idempotent, one per
 * deal) before the 200; if Temporal does not take them all, the answer is a 503 and nothing is
 * acknowledged. Signed with the deployment's secret (the sandbox, a single-org deployment) or with
 * the org's own, when every notice's orgId is that org's.
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
      const named = orgIdsOf(raw);
      return named.length > 0 && named.every((orgId) => orgId === org.orgId)
        ? { ok: true }
        : { ok: false, reason: 'the notice names another org than the one that signed it' };
    },
    schema: salesforceNoticesSchema,
    handOver: async (notices) => {
      await deps.dispatch(
        notices.map((notice) => ({
          crm: 'salesforce' as const,
          crmAccount: notice.orgId,
          dealId: notice.recordId,
          source:
            notice.reason === 'resync'
              ? `salesforce-resync:${notice.eventId}`
              : `salesforce:${notice.eventId}`,
        })),
      );
    },
  });
}
