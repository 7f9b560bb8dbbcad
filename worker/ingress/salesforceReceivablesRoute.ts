import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { receivablesViewSchema } from '../hubspotApp/contracts/receivables';
import { loadReceivables } from '../hubspotApp/receivables';
import type { Database } from '../store/schema';
import { salesforceOrgRoute, type SalesforceOrgRouteDeps } from './salesforceOrgRoute';

export interface SalesforceReceivablesRouteDeps extends SalesforceOrgRouteDeps {
  db: Kysely<Database>;
}

const requestSchema = z.object({
  userId: z.string().regex(/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, 'a Salesforce user ID'),
});

/**
 * The Ledgerbridge app page's receivables (LWC ledgerbridgeReceivables through the package's Apex
 * LedgerbridgeReceivables): `POST /salesforce/receivables` `{ userId }` answers the newest nightly
 * figures of the calling org's own installation, the same answer HubSpot's settings page reads. The
 * callout is signed with the org's own secret; another installation's figures are never found.
 */
export function registerSalesforceReceivablesRoute(
  app: FastifyInstance,
  deps: SalesforceReceivablesRouteDeps,
): void {
  salesforceOrgRoute(app, deps, '/salesforce/receivables', requestSchema, async (caller, _body, reply) =>
    reply.code(200).send(receivablesViewSchema.parse(await loadReceivables(deps, caller.salesforce))),
  );
}
