import { Client as HubspotClient } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { ensureLedgerbridgeProperties } from '../../worker/connectors/hubspot/hubspotSchema';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { lineItemDealsOf } from '../../worker/hubspotApp/lineItemDeals';
import { registerHubspotWebhookRoute } from '../../worker/ingress/hubspotWebhookRoute';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import { createLogger } from '../../worker/logger';
import type { CrmDealDispatch } from '../../worker/webhooks/crmDealDispatcher';
import { freePort } from '../support/ports';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

const ADMIN_TOKEN = 'pat-na1-line-item-admin';
const LINE_ITEM_TO_DEAL = 20;

/**
 * The emulator subscribed from the project's own webhooks-hsmeta.json, delivering signed batches to
 * the real webhook route: each deal change the worker acts on, and a line item's change, reach the
 * deal's hand-over; a change nobody subscribed to never arrives.
 */
describe('HubSpot webhooks from the project’s subscriptions', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;
  let ingress: Ingress;
  const handedOver: Array<{ dealId: string; source: string }> = [];

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 5151, contacts: 2, invoices: 2 });
    await ensureLedgerbridgeProperties(env.hs());
    app = await startHubspotApp(env);
    const dispatch: CrmDealDispatch = (changes) => {
      handedOver.push(...changes.map((c) => ({ dealId: c.dealId, source: c.source })));
      return Promise.resolve(changes.map((c) => `deal:${c.dealId}`));
    };
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const logger = createLogger('silent');
    ingress = await startIngress({
      host: '127.0.0.1',
      port,
      logger,
      health: {
        store: env.store,
        temporal: { address: 'n/a', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerHubspotWebhookRoute(router, {
            clientSecret: APP_SECRET,
            publicUrl,
            dispatch,
            dealsOfLineItems: lineItemDealsOf(app.deps),
            logger,
          }),
      ],
    });
    // No list of its own: the emulator reads hubspot-project/src/app/webhooks/webhooks-hsmeta.json.
    env.hubspot.configureWebhooks({ targetUrl: `${publicUrl}/webhooks/hubspot`, clientSecret: APP_SECRET });
    env.hubspot.registerStaticToken(CALLER.portalId, ADMIN_TOKEN, [
      ...HUBSPOT_SCOPES,
      'crm.objects.line_items.write',
    ]);
  });
  afterAll(async () => {
    await ingress.close();
    await app.close();
    await env.close();
  });

  const admin = () => new HubspotClient({ accessToken: ADMIN_TOKEN, basePath: env.servers.hubspot.url });
  /** What the route handed over while `during` ran and HubSpot's deliveries settled. */
  async function handedOverDuring(during: () => Promise<unknown>) {
    await env.hubspot.webhooks.idle();
    handedOver.length = 0;
    await during();
    await env.hubspot.webhooks.idle();
    const failed = env.hubspot.webhooks.deliveries().filter((d) => !d.delivered);
    expect(failed).toEqual([]);
    return handedOver.map((h) => ({ ...h }));
  }

  it('a deal’s creation and each property the worker acts on reach the deal’s hand-over', async () => {
    let dealId = '';
    const created = await handedOverDuring(async () => {
      dealId = (await admin().crm.deals.basicApi.create({ properties: { dealname: 'Hooked' } })).id;
    });
    expect(created).toEqual([{ dealId, source: expect.stringMatching(/^hubspot:deal\.creation:\d+$/) }]);
    for (const [name, value] of [
      ['closedate', '2026-11-20T00:00:00.000Z'],
      ['deal_currency_code', 'EUR'],
      ['ledgerbridge_discount_approved', 'true'],
    ] as const) {
      const changed = await handedOverDuring(() =>
        admin().crm.deals.basicApi.update(dealId, { properties: { [name]: value } }),
      );
      expect(changed).toEqual([
        { dealId, source: expect.stringMatching(/^hubspot:deal\.propertyChange:\d+$/) },
      ]);
    }
    // Negative control: the deal's name is no subscribed property; nothing arrives.
    const renamed = await handedOverDuring(() =>
      admin().crm.deals.basicApi.update(dealId, { properties: { dealname: 'Renamed' } }),
    );
    expect(renamed).toEqual([]);
  });

  it('a line item added to a deal, or its quantity changed, hands over its deal', async () => {
    const dealId = (await admin().crm.deals.basicApi.create({ properties: { dealname: 'Lines' } })).id;
    let lineId = '';
    const added = await handedOverDuring(async () => {
      lineId = (
        await admin().crm.lineItems.basicApi.create({
          properties: { name: 'Licence', quantity: '1', price: '100' },
          associations: [
            {
              to: { id: dealId },
              types: [
                {
                  associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                  associationTypeId: LINE_ITEM_TO_DEAL,
                },
              ],
            },
          ],
        })
      ).id;
    });
    expect(added.map((h) => h.dealId)).toEqual(expect.arrayContaining([dealId]));
    expect(new Set(added.map((h) => h.dealId))).toEqual(new Set([dealId]));

    const changed = await handedOverDuring(() =>
      admin().crm.lineItems.basicApi.update(lineId, { properties: { quantity: '3' } }),
    );
    expect(changed).toEqual([
      { dealId, source: expect.stringMatching(/^hubspot:line_item\.propertyChange:\d+$/) },
    ]);
  });

  it('a line item on no deal hands over nothing', async () => {
    const orphan = await handedOverDuring(() =>
      admin().crm.lineItems.basicApi.create({ properties: { name: 'Loose', quantity: '1', price: '5' } }),
    );
    expect(orphan).toEqual([]);
  });
});
