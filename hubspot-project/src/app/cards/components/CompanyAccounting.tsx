import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Text,
} from '@hubspot/ui-extensions';
import type { CompanyCard } from '../generated/cardData';
import { formatMoney } from '../lib/format';
import { useRemote } from '../lib/remoteState';
import type { CardDataSource } from '../lib/workerClient';
import { InvoiceTable, PaymentTable } from './LedgerTables';
import { LastSyncLine } from './LastSyncLine';

export interface CompanyAccountingProps {
  companyId: string;
  source: Pick<CardDataSource, 'companyCard'>;
}

/** The company record's accounting tab: Xero balances, invoices and payments, last sync, problems. */
export function CompanyAccounting({ companyId, source }: CompanyAccountingProps) {
  const { state, reload } = useRemote(() => source.companyCard(companyId), companyId);
  if (state.status === 'loading') return <LoadingSpinner label="Loading accounting from Xero…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="Accounting could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  return <CompanyAccountingView card={state.data} />;
}

function CompanyAccountingView({ card }: { card: CompanyCard }) {
  const amount = (value: number | null) => (value === null ? '—' : formatMoney(value, null));
  return (
    <Flex direction="column" gap="md">
      {card.problems.map((problem) => (
        <Alert key={problem} title="Needs attention" variant="warning">
          {problem}
        </Alert>
      ))}
      {card.xero === 'not_linked' ? (
        <EmptyState title="Not linked to Xero yet" imageName="integrations" layout="horizontal">
          <Text>
            Ledgerbridge links this company to its Xero contact when Xero has an invoice or contact for it.
            Balances, invoices and payments appear here then.
          </Text>
        </EmptyState>
      ) : (
        <>
          <Statistics>
            <StatisticsItem label="Outstanding balance" number={amount(card.outstandingBalance)} />
            <StatisticsItem label="Overdue" number={amount(card.overdueAmount)} />
          </Statistics>
          {card.xero === 'not_connected' && (
            <Alert title="Xero is not connected" variant="info">
              Invoices and payments appear once the Xero organisation is connected to Ledgerbridge.
            </Alert>
          )}
          <Heading>Invoices</Heading>
          {card.invoices.length === 0 ? (
            <Text>No invoices in Xero for this company.</Text>
          ) : (
            <InvoiceTable invoices={card.invoices} />
          )}
          <Heading>Payments</Heading>
          {card.payments.length === 0 ? (
            <Text>No payments in Xero for this company.</Text>
          ) : (
            <PaymentTable payments={card.payments} />
          )}
        </>
      )}
      <LastSyncLine lastSync={card.lastSync} />
    </Flex>
  );
}
