import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  EmptyState,
  Flex,
  Link,
  List,
  LoadingSpinner,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import type { DealCard } from '../generated/cardData';
import { formatMoney } from '../lib/format';
import { useRemote } from '../lib/remoteState';
import type { CardDataSource } from '../lib/workerClient';
import { LastSyncLine } from './LastSyncLine';
import { LoadFailure } from './LoadFailure';
import { ResyncButton } from './ResyncButton';

export interface DealInvoiceProps {
  dealId: string;
  source: Pick<CardDataSource, 'dealCard' | 'resyncDeal'>;
  /** HubSpot's `actions.refreshObjectProperties`: the record page shows what the re-sync wrote. */
  refreshRecord?: () => void;
}

/** The deal record's Xero tab: invoice state, validation problems, failed payments, re-sync. */
export function DealInvoice({ dealId, source, refreshRecord }: DealInvoiceProps) {
  const { state, reload } = useRemote(() => source.dealCard(dealId), dealId);
  if (state.status === 'loading') return <LoadingSpinner label="Loading the Xero invoice…" showLabel />;
  if (state.status === 'error')
    return (
      <LoadFailure
        title="The Xero invoice could not be loaded"
        message={state.message}
        busy={state.busy}
        onRetry={reload}
      />
    );
  const card = state.data;
  return (
    <Flex direction="column" gap="md">
      {card.problems.length > 0 && (
        <Alert title="Not invoiced in Xero" variant="danger">
          <List variant="unordered-styled">
            {card.problems.map((problem) => (
              <Text key={problem}>{problem}</Text>
            ))}
          </List>
        </Alert>
      )}
      <InvoiceDetails card={card} />
      {card.paymentRetryCount > 0 && (
        <Flex direction="row" gap="sm" align="center">
          <StatusTag variant="warning">Failed payments: {card.paymentRetryCount}</StatusTag>
          <Text variant="microcopy">Payments on this invoice were reversed or deleted in Xero.</Text>
        </Flex>
      )}
      <ResyncButton
        dealId={dealId}
        source={source}
        onRefresh={() => {
          reload();
          refreshRecord?.();
        }}
        {...(refreshRecord ? { onStarted: refreshRecord } : {})}
      />
      <LastSyncLine lastSync={card.lastSync} />
    </Flex>
  );
}

function InvoiceDetails({ card }: { card: DealCard }) {
  const { invoice } = card;
  if (!invoice)
    return (
      <EmptyState title="No Xero invoice yet" imageName="deals" layout="horizontal">
        <Text>
          {card.isWon
            ? 'This deal is won but has no Xero invoice yet. Fix any problem above, then re-sync.'
            : 'A Xero invoice is created when this deal is won.'}
        </Text>
      </EmptyState>
    );
  const money = (value: number | null) => (value === null ? '—' : formatMoney(value, card.currency));
  return (
    <DescriptionList direction="row">
      <DescriptionListItem label="Invoice">
        {invoice.onlineUrl ? (
          <Link href={{ url: invoice.onlineUrl, external: true }}>{invoice.number ?? 'View in Xero'}</Link>
        ) : (
          <Text>{invoice.number ?? '—'}</Text>
        )}
      </DescriptionListItem>
      <DescriptionListItem label="Status">
        <StatusTag variant={invoice.status === 'PAID' ? 'success' : 'info'}>
          {invoice.status ?? 'UNKNOWN'}
        </StatusTag>
      </DescriptionListItem>
      <DescriptionListItem label="Amount due">
        <Text>{money(invoice.amountDue)}</Text>
      </DescriptionListItem>
      <DescriptionListItem label="Amount paid">
        <Text>{money(invoice.amountPaid)}</Text>
      </DescriptionListItem>
    </DescriptionList>
  );
}
