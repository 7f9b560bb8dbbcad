import { DescriptionList, DescriptionListItem, Flex, StatusTag, Text } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import { formatDate, formatMoment, formatMoney } from '../lib/format';
import { DEAL_PAYMENT_PROPERTIES, PAYMENT_STATUS_LABELS, dayOf, numberOf } from '../lib/paymentProperties';

const STATUS_VARIANT: Record<string, 'success' | 'warning' | 'danger' | 'info'> = {
  paid: 'success',
  failed: 'warning',
  retries_exhausted: 'danger',
  disputed: 'danger',
};

/** The deal's Stripe payment and subscription (issue #22), read off the deal's own properties. */
export function DealPayments() {
  const { properties, isLoading, error } = useCrmProperties([...DEAL_PAYMENT_PROPERTIES]);
  // The invoice part above says what failed to load; these are extra lines, shown once there.
  if (isLoading || error) return null;
  const p = (name: (typeof DEAL_PAYMENT_PROPERTIES)[number]) => properties[name] || null;
  const currency = p('deal_currency_code');
  const status = p('ledgerbridge_payment_status');
  const subscription = p('stripe_subscription_status');
  if (!status && !subscription) return null;
  const refunded = numberOf(p('ledgerbridge_refunded_amount'));
  const nextAttempt = p('ledgerbridge_next_payment_attempt');
  const renewal = dayOf(p('ledgerbridge_renewal_date'));
  return (
    <Flex direction="column" gap="sm">
      {status && (
        <DescriptionList direction="row">
          <DescriptionListItem label="Stripe payment">
            <StatusTag variant={STATUS_VARIANT[status] ?? 'info'}>
              {PAYMENT_STATUS_LABELS[status] ?? status}
            </StatusTag>
          </DescriptionListItem>
          {nextAttempt && (
            <DescriptionListItem label="Next attempt">
              <Text>{formatMoment(new Date(nextAttempt).toISOString())}</Text>
            </DescriptionListItem>
          )}
          {p('ledgerbridge_last_decline_code') && (
            <DescriptionListItem label="Last decline">
              <Text>{p('ledgerbridge_last_decline_code')}</Text>
            </DescriptionListItem>
          )}
          {refunded !== null && refunded > 0 && (
            <DescriptionListItem label="Refunded">
              <Text>{formatMoney(refunded, currency)}</Text>
            </DescriptionListItem>
          )}
          {p('ledgerbridge_dispute_status') && (
            <DescriptionListItem label="Dispute">
              <Text>{p('ledgerbridge_dispute_status')}</Text>
            </DescriptionListItem>
          )}
        </DescriptionList>
      )}
      {subscription && (
        <DescriptionList direction="row">
          <DescriptionListItem label="Subscription">
            <Text>{subscription}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="ARR">
            <Text>{formatMoney(numberOf(p('ledgerbridge_subscription_arr')) ?? 0, currency)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="MRR">
            <Text>{formatMoney(numberOf(p('ledgerbridge_subscription_mrr')) ?? 0, currency)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Renews on">
            <Text>{renewal ? formatDate(renewal) : 'Does not renew'}</Text>
          </DescriptionListItem>
        </DescriptionList>
      )}
    </Flex>
  );
}
