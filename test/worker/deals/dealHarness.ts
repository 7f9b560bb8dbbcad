import { Client as HubspotClient } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { dealToXeroStateQuery, type DealToXeroState } from '../../../workflows/crm/dealToXero';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import type { ThreeSandboxes } from '../../support/threeSandboxes';

export const HS_PORTAL = '606060';
const HS_ADMIN_TOKEN = 'pat-na1-portal-admin';

/** Polls `read` until it gives a value (or `what` times out). */
export async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The deal workflows, their notices and their state, for one suite's sandboxes. */
export function dealFlows(env: ThreeSandboxes) {
  const dispatch = crmDealDispatcher(env.temporal.client, env.temporal.taskQueue);
  const sfOrg = () => String(env.salesforce.store.orgId);
  const handle = (crm: 'salesforce' | 'hubspot', dealId: string) =>
    env.temporal.client.workflow.getHandle(
      crmDealWorkflowId(crm, crm === 'salesforce' ? sfOrg() : HS_PORTAL, dealId),
    );
  return {
    handle,
    /** A change notice, as the Salesforce callout, a HubSpot webhook or the poll would send. */
    notify: (crm: 'salesforce' | 'hubspot', dealId: string, source = 'test') =>
      dispatch([{ crm, crmAccount: crm === 'salesforce' ? sfOrg() : HS_PORTAL, dealId, source }]),
    /** The deal workflow's state once `done` holds for it. */
    stateWhen: (crm: 'salesforce' | 'hubspot', dealId: string, done: (s: DealToXeroState) => boolean) =>
      until(async () => {
        const state = await handle(crm, dealId)
          .query(dealToXeroStateQuery)
          .catch(() => undefined);
        return state && done(state) ? state : undefined;
      }, `the ${crm} deal ${dealId} workflow`),
  };
}

/** Invoices in the suite's organisation whose Reference carries this invoice intent's tag. */
export function invoicesOfIntent(env: ThreeSandboxes, intentId: string) {
  return [...env.xero.store.invoices.values()].filter(
    (i) => i.tenantId === env.tenantId && (i.reference ?? '').includes(`[LB-${intentId}-`),
  );
}

/** The deal's invoice intent as the store has it. */
export async function intentOf(env: ThreeSandboxes, dealId: string) {
  return env.store.db
    .selectFrom('deal_invoices')
    .selectAll()
    .where('deal_id', '=', dealId)
    .executeTakeFirstOrThrow();
}

/** An Opportunity with an Account of its own (Closed Won only when the fields say so). */
export async function salesforceOpportunity(
  env: ThreeSandboxes,
  name: string,
  fields: Record<string, unknown>,
  account: Record<string, unknown> = { Name: `${name} Pty` },
): Promise<string> {
  const sf = env.sf();
  const created = await sf.sobject('Account').create(account);
  const opp = await sf.sobject('Opportunity').create({
    Name: name,
    StageName: 'Negotiation/Review',
    CloseDate: '2026-11-18',
    AccountId: 'id' in created ? created.id : '',
    ...fields,
  });
  return ('id' in opp && opp.id) || '';
}

/** A HubSpot deal with a company of its own and, as a person adds them, line items. */
export async function hubspotDeal(
  env: ThreeSandboxes,
  name: string,
  props: Record<string, string>,
  lines: Array<Record<string, string>> = [],
): Promise<string> {
  const hs = env.hs();
  const company = await hs.crm.companies.basicApi.create({ properties: { name: `${name} Ltd` } });
  const association = (id: string, typeId: number) => ({
    to: { id },
    types: [
      {
        associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
        associationTypeId: typeId,
      },
    ],
  });
  const deal = await hs.crm.deals.basicApi.create({
    properties: {
      dealname: name,
      dealstage: 'contractsent',
      closedate: '2026-11-20T00:00:00.000Z',
      ...props,
    },
    associations: [association(company.id, 5)],
  });
  // A person adds the products: the worker's own token may only read line items.
  env.hubspot.registerStaticToken(Number(HS_PORTAL), HS_ADMIN_TOKEN, [
    ...HUBSPOT_SCOPES,
    'crm.objects.line_items.write',
  ]);
  const admin = new HubspotClient({ accessToken: HS_ADMIN_TOKEN, basePath: env.servers.hubspot.url });
  for (const line of lines)
    await admin.crm.lineItems.basicApi.create({ properties: line, associations: [association(deal.id, 20)] });
  return deal.id;
}
