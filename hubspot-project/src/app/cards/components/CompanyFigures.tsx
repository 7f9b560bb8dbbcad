import { DescriptionList, DescriptionListItem, Flex, Text } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import { formatDate, formatMoney } from '../lib/format';
import { COMPANY_FIGURE_PROPERTIES, dayOf, numberOf } from '../lib/paymentProperties';

const BUCKETS = [
  ['ledgerbridge_receivables_current', 'Not yet due'],
  ['ledgerbridge_receivables_1_30', '1-30 days overdue'],
  ['ledgerbridge_receivables_31_60', '31-60 days overdue'],
  ['ledgerbridge_receivables_61_90', '61-90 days overdue'],
  ['ledgerbridge_receivables_over_90', 'Over 90 days overdue'],
] as const;

/**
 * The company's Stripe subscription totals and nightly receivables (issue #22), read off the
 * company's own properties; amounts are in the installation's base currency.
 */
export function CompanyFigures() {
  // The worker's card answer knows the base currency; these lines come from the record alone.
  const currency = null;
  const { properties, isLoading, error } = useCrmProperties([...COMPANY_FIGURE_PROPERTIES]);
  if (isLoading || error) return null;
  const arr = numberOf(properties.ledgerbridge_subscription_arr);
  const asOf = dayOf(properties.ledgerbridge_receivables_as_of);
  if (arr === null && !asOf) return null;
  const dso = numberOf(properties.ledgerbridge_dso);
  return (
    <Flex direction="column" gap="sm">
      {arr !== null && (
        <DescriptionList direction="row">
          <DescriptionListItem label="Subscription ARR">
            <Text>{formatMoney(arr, currency)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Subscription MRR">
            <Text>{formatMoney(numberOf(properties.ledgerbridge_subscription_mrr) ?? 0, currency)}</Text>
          </DescriptionListItem>
        </DescriptionList>
      )}
      {asOf && (
        <>
          <Text format={{ fontWeight: 'demibold' }}>Receivables as of {formatDate(asOf)}</Text>
          <DescriptionList direction="row">
            {BUCKETS.map(([name, label]) => (
              <DescriptionListItem key={name} label={label}>
                <Text>{formatMoney(numberOf(properties[name]) ?? 0, currency)}</Text>
              </DescriptionListItem>
            ))}
            <DescriptionListItem label="Days sales outstanding">
              <Text>{dso === null ? '—' : dso.toFixed(1)}</Text>
            </DescriptionListItem>
          </DescriptionList>
        </>
      )}
    </Flex>
  );
}
