import { DescriptionList, DescriptionListItem, Text } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import { formatMoney } from '../lib/format';
import { COMPANY_ORDER_PROPERTIES } from '../lib/orderProperties';
import { numberOf } from '../lib/paymentProperties';

/**
 * The company's web-shop orders (issue #24), read off its own properties: how it pays, what waits
 * for the month-end invoice, and the latest order. Nothing before it ordered or was ticked.
 */
export function CompanyOrders() {
  // Amounts are in the installation's base currency, as the other company figures.
  const currency = null;
  const { properties, isLoading, error } = useCrmProperties([...COMPANY_ORDER_PROPERTIES]);
  if (isLoading || error) return null;
  const monthly = properties.ledgerbridge_monthly_billing === 'true';
  const awaiting = numberOf(properties.ledgerbridge_orders_awaiting_billing);
  const lastOrder = properties.ledgerbridge_last_order || null;
  if (!monthly && awaiting === null && !lastOrder) return null;
  return (
    <DescriptionList direction="row">
      <DescriptionListItem label="Orders billed">
        <Text>{monthly ? 'Monthly, on account' : 'At once, paid by card'}</Text>
      </DescriptionListItem>
      {awaiting !== null && (
        <DescriptionListItem label="Awaiting month-end invoice">
          <Text>
            {`${awaiting} ${awaiting === 1 ? 'order' : 'orders'}, ${formatMoney(
              numberOf(properties.ledgerbridge_orders_awaiting_amount) ?? 0,
              currency,
            )}`}
          </Text>
        </DescriptionListItem>
      )}
      {lastOrder && (
        <DescriptionListItem label="Last order">
          <Text>{lastOrder}</Text>
        </DescriptionListItem>
      )}
    </DescriptionList>
  );
}
