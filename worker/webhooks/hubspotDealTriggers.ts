import { HUBSPOT_DEAL_LINE_PROPERTIES } from '../connectors/hubspot/hubspotDeals';

/**
 * The HubSpot changes that can make or change a deal's invoice: what the webhook route acts on, and
 * so what the project's webhook subscriptions (hubspot-project/src/app/webhooks/) must cover. A test
 * holds the subscriptions to these lists, so a property added here without a subscription fails CI.
 */
export const HUBSPOT_DEAL_TRIGGER_PROPERTIES = [
  'dealstage',
  'amount',
  'closedate',
  'deal_currency_code',
  'ledgerbridge_discount_approved',
] as const;

/** A line item's change reaches its deal's invoice through every property the deal read takes. */
export const HUBSPOT_LINE_ITEM_TRIGGER_PROPERTIES: readonly string[] = HUBSPOT_DEAL_LINE_PROPERTIES;

/** A subscription in HubSpot's legacy form (`<object>.<event>`, with a property for changes). */
export interface HubspotSubscriptionKey {
  subscriptionType: string;
  propertyName?: string;
}

/** Every subscription the worker needs, derived from the lists above. */
export function requiredHubspotSubscriptions(): HubspotSubscriptionKey[] {
  return [
    { subscriptionType: 'deal.creation' },
    ...HUBSPOT_DEAL_TRIGGER_PROPERTIES.map((propertyName) => ({
      subscriptionType: 'deal.propertyChange',
      propertyName,
    })),
    { subscriptionType: 'line_item.creation' },
    ...HUBSPOT_LINE_ITEM_TRIGGER_PROPERTIES.map((propertyName) => ({
      subscriptionType: 'line_item.propertyChange',
      propertyName,
    })),
  ];
}

export type HubspotTrigger = { kind: 'deal'; objectId: string } | { kind: 'lineItem'; objectId: string };

const dealProperties: ReadonlySet<string> = new Set(HUBSPOT_DEAL_TRIGGER_PROPERTIES);
const lineProperties: ReadonlySet<string> = new Set(HUBSPOT_LINE_ITEM_TRIGGER_PROPERTIES);

/** What one webhook event means for the CRM-to-Xero flow, or undefined when nothing. */
export function hubspotTriggerOf(event: {
  subscriptionType: string;
  objectId: number;
  propertyName?: string | undefined;
}): HubspotTrigger | undefined {
  const objectId = String(event.objectId);
  const property = event.propertyName ?? '';
  switch (event.subscriptionType) {
    case 'deal.creation':
      return { kind: 'deal', objectId };
    case 'deal.propertyChange':
      return dealProperties.has(property) ? { kind: 'deal', objectId } : undefined;
    case 'line_item.creation':
      return { kind: 'lineItem', objectId };
    case 'line_item.propertyChange':
      return lineProperties.has(property) ? { kind: 'lineItem', objectId } : undefined;
    default:
      return undefined;
  }
}
