import {
  Button,
  EmptyState,
  ErrorState,
  Heading,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { formatDate, formatMoment, formatMoney } from '../../cards/lib/format';
import { useRemote } from '../../cards/lib/remoteState';
import type { ReceivablesFigures } from '../generated/receivables';
import type { ReceivablesSource } from '../lib/receivablesClient';

/**
 * "Receivables": the installation's newest nightly figures (issue #22), one row per currency:
 * what customers owe aged by days overdue, and days sales outstanding.
 */
export function ReceivablesSection({ source }: { source: ReceivablesSource }) {
  const { state, reload } = useRemote(() => source.load(), 'receivables');
  if (state.status === 'loading') return <LoadingSpinner label="Loading the receivables…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The receivables could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const view = state.data;
  if (view.status === 'never_computed')
    return (
      <EmptyState title="No receivables figures yet" imageName="integrations" layout="horizontal">
        <Text>{view.message}</Text>
      </EmptyState>
    );
  return (
    <>
      <Heading>Receivables as of {formatDate(view.asOf)}</Heading>
      <Text variant="microcopy">
        Computed {formatMoment(view.computedAt)}. Overdue invoices:{' '}
        {view.overdueInvoices.toLocaleString('en-US')}.
      </Text>
      {view.figures.length === 0 ? (
        <Text>Nothing is owed: no open sales invoices.</Text>
      ) : (
        <FiguresTable figures={view.figures} />
      )}
      <Button onClick={reload}>Refresh</Button>
    </>
  );
}

const BUCKETS = [
  ['current', 'Current'],
  ['days1to30', '1–30 days'],
  ['days31to60', '31–60 days'],
  ['days61to90', '61–90 days'],
  ['over90', '90+ days'],
  ['outstanding', 'Outstanding'],
] as const;

function FiguresTable({ figures }: { figures: ReceivablesFigures[] }) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Currency</TableHeader>
          {BUCKETS.map(([key, label]) => (
            <TableHeader key={key} align="right">
              {label}
            </TableHeader>
          ))}
          <TableHeader align="right">DSO (days)</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {figures.map((f) => (
          <TableRow key={f.currency}>
            <TableCell>{f.currency}</TableCell>
            {BUCKETS.map(([key]) => (
              <TableCell key={key} align="right">
                {formatMoney(f[key], null)}
              </TableCell>
            ))}
            <TableCell align="right">
              {f.daysSalesOutstanding === null ? '—' : f.daysSalesOutstanding.toLocaleString('en-US')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
