import {
  Button,
  ButtonRow,
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
import type { XeroConnectionView } from '../generated/xeroConnections';

const STATUS: Record<
  XeroConnectionView['status'],
  { text: string; variant: 'success' | 'danger' | 'default' }
> = {
  active: { text: 'Connected', variant: 'success' },
  needs_reauth: { text: 'Needs reconnecting', variant: 'danger' },
  disconnected: { text: 'Disconnected', variant: 'default' },
};

/** One row per Xero organisation: its status, last sync, and what an admin can do about it. */
export function XeroConnectionsTable({
  connections,
  busy,
  onReconnect,
  onDisconnect,
}: {
  connections: XeroConnectionView[];
  busy: boolean;
  onReconnect: (connection: XeroConnectionView) => void;
  onDisconnect: (connection: XeroConnectionView) => void;
}) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Organisation</TableHeader>
          <TableHeader>Status</TableHeader>
          <TableHeader>Last sync</TableHeader>
          <TableHeader>Actions</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {connections.map((connection) => (
          <TableRow key={connection.id}>
            <TableCell>{connection.name}</TableCell>
            <TableCell>
              <StatusTag variant={STATUS[connection.status].variant}>
                {STATUS[connection.status].text}
              </StatusTag>
              {connection.lastRefreshError ? <Text>{connection.lastRefreshError}</Text> : null}
            </TableCell>
            <TableCell>{connection.lastSyncAt ? formatMoment(connection.lastSyncAt) : 'Not yet'}</TableCell>
            <TableCell>
              <ButtonRow>
                {connection.status !== 'active' && (
                  <Button size="sm" disabled={busy} onClick={() => onReconnect(connection)}>
                    Reconnect
                  </Button>
                )}
                {connection.status !== 'disconnected' && (
                  <Button
                    size="sm"
                    variant="destructive"
                    disabled={busy}
                    onClick={() => onDisconnect(connection)}
                  >
                    Disconnect
                  </Button>
                )}
              </ButtonRow>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
