import { readFileSync } from 'node:fs';
import { SandboxClock } from '../../sandbox/core/clock';
import { FaultInjector } from '../../sandbox/core/faults';
import { HubSpotWebhooks } from '../../sandbox/hubspot/webhooks';
import {
  PROJECT_WEBHOOKS_FILE,
  projectSubscriptions,
  subscriptionsFromHsmeta,
} from '../../sandbox/hubspot/projectSubscriptions';
import {
  HUBSPOT_DEAL_TRIGGER_PROPERTIES,
  HUBSPOT_LINE_ITEM_TRIGGER_PROPERTIES,
  hubspotTriggerOf,
  requiredHubspotSubscriptions,
  type HubspotSubscriptionKey,
} from '../../worker/webhooks/hubspotDealTriggers';

type Hsmeta = {
  config: { subscriptions: { legacyCrmObjects: Array<{ subscriptionType: string; propertyName?: string }> } };
};
const hsmeta = (): Hsmeta => JSON.parse(readFileSync(PROJECT_WEBHOOKS_FILE, 'utf8')) as Hsmeta;
const keyOf = (s: HubspotSubscriptionKey) => `${s.subscriptionType}:${s.propertyName ?? ''}`;

/** The required subscriptions the project's file lacks (or has switched off). */
function missingFrom(json: unknown, required = requiredHubspotSubscriptions()): string[] {
  const active = new Set(
    subscriptionsFromHsmeta(json)
      .filter((s) => s.active)
      .map(keyOf),
  );
  return required.map(keyOf).filter((key) => !active.has(key));
}

/**
 * The subscriptions HubSpot gives the app (hubspot-project/src/app/webhooks/webhooks-hsmeta.json)
 * against what the worker acts on, taken from the worker's own trigger lists: a property the worker
 * reacts to without a subscription would never arrive from a real portal.
 */
describe('HubSpot webhook subscriptions', () => {
  it('cover every deal and line item change the worker acts on', () => {
    expect(missingFrom(hsmeta())).toEqual([]);
    // The lists the route filters with are the lists checked here.
    for (const required of requiredHubspotSubscriptions())
      expect(hubspotTriggerOf({ ...required, objectId: 1 })).toBeDefined();
    expect(HUBSPOT_DEAL_TRIGGER_PROPERTIES).toEqual(
      expect.arrayContaining(['dealstage', 'amount', 'closedate', 'deal_currency_code']),
    );
    expect(HUBSPOT_LINE_ITEM_TRIGGER_PROPERTIES).toEqual(expect.arrayContaining(['price', 'quantity']));
  });

  it('fails when a subscription is missing, switched off, or the worker acts on one more property', () => {
    const dropped = hsmeta();
    dropped.config.subscriptions.legacyCrmObjects = dropped.config.subscriptions.legacyCrmObjects.filter(
      (s) => s.propertyName !== 'closedate',
    );
    expect(missingFrom(dropped)).toEqual(['deal.propertyChange:closedate']);
    const off = hsmeta();
    off.config.subscriptions.legacyCrmObjects = off.config.subscriptions.legacyCrmObjects.map((s) =>
      s.subscriptionType === 'line_item.creation' ? { ...s, active: false } : s,
    );
    expect(missingFrom(off)).toEqual(['line_item.creation:']);
    const more = [
      ...requiredHubspotSubscriptions(),
      { subscriptionType: 'deal.propertyChange', propertyName: 'hs_tax_amount' },
    ];
    expect(missingFrom(hsmeta(), more)).toEqual(['deal.propertyChange:hs_tax_amount']);
  });

  it('ignores what no trigger names', () => {
    expect(
      hubspotTriggerOf({ subscriptionType: 'deal.propertyChange', propertyName: 'dealname', objectId: 1 }),
    ).toBeUndefined();
    expect(hubspotTriggerOf({ subscriptionType: 'company.creation', objectId: 1 })).toBeUndefined();
    expect(
      hubspotTriggerOf({ subscriptionType: 'line_item.propertyChange', propertyName: 'price', objectId: 7 }),
    ).toEqual({
      kind: 'lineItem',
      objectId: '7',
    });
  });

  it('the emulator subscribes exactly the project file when given no list of its own', () => {
    const webhooks = new HubSpotWebhooks(new SandboxClock(), new FaultInjector(), () => ({
      clientSecret: 's',
      appId: 1,
    }));
    webhooks.configure({ targetUrl: 'https://worker.example/webhooks/hubspot' });
    const subscribed = webhooks.subscriptions().map((s) => ({
      subscriptionType: s.subscriptionType,
      ...(s.propertyName === undefined ? {} : { propertyName: s.propertyName }),
      active: s.active,
    }));
    expect(subscribed).toEqual(projectSubscriptions());
    expect(subscribed).toHaveLength(hsmeta().config.subscriptions.legacyCrmObjects.length);
  });

  it('the emulator refuses the generic crmObjects form it does not emulate', () => {
    const json = hsmeta() as Hsmeta & { config: { subscriptions: Record<string, unknown> } };
    json.config.subscriptions.crmObjects = [{ subscriptionType: 'object.creation', objectType: 'deal' }];
    expect(() => subscriptionsFromHsmeta(json)).toThrow(/legacyCrmObjects/);
  });
});
