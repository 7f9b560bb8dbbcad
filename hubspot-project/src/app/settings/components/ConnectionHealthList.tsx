import {
  DescriptionList,
  DescriptionListItem,
  Heading,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { formatMoment } from '../../cards/lib/format';
import type { ConnectionHealth, RecentFailure } from '../generated/syncHealth';

const STATUS: Record<
  ConnectionHealth['status'],
  { text: string; variant: 'success' | 'danger' | 'default' }
> = {
  active: { text: 'Connected', variant: 'success' },
  needs_reauth: { text: 'Needs reconnecting', variant: 'danger' },
  disconnected: { text: 'Disconnected', variant: 'default' },
};

export function ConnectionHealthList({ connections }: { connections: ConnectionHealth[] }) {
  return (
    <DescriptionList direction="row">
      {connections.map((connection) => (
        <DescriptionListItem
          key={`${connection.vendor}:${connection.name}`}
          label={`${connection.vendor === 'xero' ? 'Xero' : 'HubSpot'}: ${connection.name}`}
        >
          <StatusTag variant={STATUS[connection.status].variant}>{STATUS[connection.status].text}</StatusTag>
          {connection.lastRefreshError ? (
            <Text>Last refresh failed: {connection.lastRefreshError}</Text>
          ) : null}
        </DescriptionListItem>
      ))}
    </DescriptionList>
  );
}

export function RecentFailuresTable({ failures }: { failures: RecentFailure[] }) {
  if (failures.length === 0) return <Text>No failed syncs in the last 24 hours.</Text>;
  return (
    <>
      <Heading>Failed syncs, last 24 hours</Heading>
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>When</TableHeader>
            <TableHeader>Action</TableHeader>
            <TableHeader>Error</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {failures.map((failure, i) => (
            <TableRow key={`${failure.occurredAt}:${i}`}>
              <TableCell>{formatMoment(failure.occurredAt)}</TableCell>
              <TableCell>{failure.action}</TableCell>
              <TableCell>{failure.error ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
