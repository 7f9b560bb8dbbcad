import {
  Alert,
  EmptyState,
  Flex,
  Heading,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Text,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CompanyCard } from '../generated/cardData';
import { formatMoney } from '../lib/format';
import { useRemote } from '../lib/remoteState';
import type { CardDataSource, CompanyCardPages } from '../lib/workerClient';
import { InvoiceTable, PaymentTable } from './LedgerTables';
import { LastSyncLine } from './LastSyncLine';
import { ListPager } from './ListPager';
import { LoadFailure } from './LoadFailure';

export interface CompanyAccountingProps {
  companyId: string;
  source: Pick<CardDataSource, 'companyCard'>;
}

/** The company record's accounting tab: Xero balances, invoices and payments, last sync, problems. */
export function CompanyAccounting({ companyId, source }: CompanyAccountingProps) {
  const [pages, setPages] = useState<CompanyCardPages>({ invoicesPage: 1, paymentsPage: 1 });
  const { state, reload } = useRemote(
    () => source.companyCard(companyId, pages),
    `${companyId}:${pages.invoicesPage}:${pages.paymentsPage}`,
  );
  if (state.status === 'loading') return <LoadingSpinner label="Loading accounting from Xero…" showLabel />;
  if (state.status === 'error')
    return (
      <LoadFailure
        title="Accounting could not be loaded"
        message={state.message}
        busy={state.busy}
        onRetry={reload}
      />
    );
  return (
    <CompanyAccountingView
      card={state.data}
      onInvoicesPage={(invoicesPage) => setPages({ ...pages, invoicesPage })}
      onPaymentsPage={(paymentsPage) => setPages({ ...pages, paymentsPage })}
    />
  );
}

function CompanyAccountingView({
  card,
  onInvoicesPage,
  onPaymentsPage,
}: {
  card: CompanyCard;
  onInvoicesPage: (page: number) => void;
  onPaymentsPage: (page: number) => void;
}) {
  // Xero's balances are in the organisation's base currency; unknown only when Xero was not read.
  const amount = (value: number | null) =>
    value === null ? '—' : formatMoney(value, card.balanceCurrency ?? '(currency unknown)');
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
            <>
              <InvoiceTable invoices={card.invoices} />
              <ListPager
                what="invoices"
                page={card.invoicesPage}
                shown={card.invoices.length}
                onPage={onInvoicesPage}
              />
            </>
          )}
          <Heading>Payments</Heading>
          {card.payments.length === 0 ? (
            <Text>No payments in Xero for this company.</Text>
          ) : (
            <>
              <PaymentTable payments={card.payments} />
              <ListPager
                what="payments"
                page={card.paymentsPage}
                shown={card.payments.length}
                onPage={onPaymentsPage}
              />
            </>
          )}
        </>
      )}
      <LastSyncLine lastSync={card.lastSync} />
    </Flex>
  );
}
