import { z } from 'zod';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { verifySalesforceCallout } from '../webhooks/salesforceCalloutSignature';
import { describeIssues, readRaw } from './rawBody';
import type { Router } from './router';

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
 * signalled before the 200.
 */
export function registerSalesforceWebhookRoute(
  router: Router,
  deps: { secret: string; dispatch: CrmDealDispatch; logger: Logger; now?: () => number },
): void {
  router.on('POST', '/webhooks/salesforce', async ({ req, res }) => {
    const raw = await readRaw(req);
    if (raw === 'too_large') {
      res.writeHead(413).end();
      return;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const ok = verifySalesforceCallout({
      secret: deps.secret,
      rawBody: raw,
      signature: header('x-ledgerbridge-signature'),
      timestamp: header('x-ledgerbridge-timestamp'),
      now: (deps.now ?? Date.now)(),
    });
    if (!ok) {
      deps.logger.warn('salesforce callout refused: bad or stale signature');
      res.writeHead(401).end();
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      deps.logger.warn({ bytes: raw.length }, 'salesforce callout: body is not JSON');
      res.writeHead(400).end();
      return;
    }
    const parsed = closedWonNoticeSchema.safeParse(json);
    if (!parsed.success) {
      deps.logger.warn({ why: describeIssues(parsed.error.issues) }, 'salesforce callout: malformed notice');
      res.writeHead(400).end();
      return;
    }
    const notice = parsed.data;
    await deps.dispatch([
      {
        crm: 'salesforce',
        crmAccount: notice.orgId,
        dealId: notice.recordId,
        source:
          notice.reason === 'resync' ? `salesforce-resync:${notice.eventId}` : `salesforce:${notice.eventId}`,
      },
    ]);
    res.writeHead(200).end();
  });
}
