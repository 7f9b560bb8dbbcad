/**
 * The company properties about web-shop orders (issue #24): the worker's ORDER_PROPERTIES in
 * worker/connectors/hubspot/hubspotSchema.ts (a node test holds the two together). A rep ticks
 * monthly billing; Ledgerbridge writes the rest.
 */
export const COMPANY_ORDER_PROPERTIES = [
  'ledgerbridge_monthly_billing',
  'ledgerbridge_orders_awaiting_billing',
  'ledgerbridge_orders_awaiting_amount',
  'ledgerbridge_last_order',
] as const;
