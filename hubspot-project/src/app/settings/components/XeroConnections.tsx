import {
  Alert,
  Button,
  ButtonRow,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingButton,
  LoadingSpinner,
  Text,
} from '@hubspot/ui-extensions';
import { useRef, useState } from 'react';
import { formatMoment } from '../../cards/lib/format';
import { messageOf, useRemote } from '../../cards/lib/remoteState';
import type { XeroConnectionView } from '../generated/xeroConnections';
import type { XeroConnectionsSource } from '../lib/xeroConnectionsClient';
import { XeroConnectionsTable } from './XeroConnectionsTable';

type Action =
  | { kind: 'idle' }
  | { kind: 'working'; what: 'link' | 'disconnect' }
  | { kind: 'link'; url: string; expiresAt: string }
  | { kind: 'confirm'; connection: XeroConnectionView }
  | { kind: 'disconnected'; name: string }
  | { kind: 'failed'; title: string; message: string };

/**
 * "Xero organisations": the organisations connected to this portal's installation, with their
 * status and last sync; "Connect Xero" and "Reconnect" fetch a single-use link to Xero's consent
 * (opened in a new tab: Xero's login cannot be framed), "Disconnect" asks first. The worker decides
 * who may connect and disconnect; its refusal is shown as it says it.
 */
export function XeroConnections({ source }: { source: XeroConnectionsSource }) {
  const { state, reload } = useRemote(() => source.list(), 'xero-connections');
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  // Only the newest button press may set what is shown.
  const latest = useRef(0);

  function run<T>(work: () => Promise<T>, what: 'link' | 'disconnect', done: (value: T) => Action) {
    const press = ++latest.current;
    setAction({ kind: 'working', what });
    work().then(
      (value) => {
        if (press !== latest.current) return;
        setAction(done(value));
        if (what === 'disconnect') reload();
      },
      (err: unknown) => {
        if (press !== latest.current) return;
        const title = what === 'link' ? 'Xero could not be connected' : 'Not disconnected';
        setAction({ kind: 'failed', title, message: messageOf(err) });
      },
    );
  }
  const connect = () =>
    run(
      () => source.connectLink(),
      'link',
      (link) => ({ kind: 'link', ...link }),
    );
  const disconnect = (connection: XeroConnectionView) =>
    run(
      () => source.disconnect(connection.id),
      'disconnect',
      () => ({
        kind: 'disconnected',
        name: connection.name,
      }),
    );

  if (state.status === 'loading') return <LoadingSpinner label="Loading the Xero organisations…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The Xero organisations could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const { connections } = state.data;
  const busy = action.kind === 'working';
  return (
    <Flex direction="column" gap="sm">
      <Heading>Xero organisations</Heading>
      {connections.length === 0 ? (
        <EmptyState title="No Xero organisation is connected" imageName="integrations" layout="horizontal">
          <Text>Connect one to sync its contacts, invoices and payments with this HubSpot account.</Text>
        </EmptyState>
      ) : (
        <XeroConnectionsTable
          connections={connections}
          busy={busy}
          onReconnect={connect}
          onDisconnect={(connection) => setAction({ kind: 'confirm', connection })}
        />
      )}
      <ActionOutcome action={action} onDisconnect={disconnect} onCancel={() => setAction({ kind: 'idle' })} />
      <ButtonRow>
        <LoadingButton
          variant="primary"
          loading={action.kind === 'working' && action.what === 'link'}
          disabled={busy}
          onClick={connect}
        >
          Connect Xero
        </LoadingButton>
        <Button onClick={reload}>Refresh</Button>
      </ButtonRow>
    </Flex>
  );
}

function ActionOutcome({
  action,
  onDisconnect,
  onCancel,
}: {
  action: Action;
  onDisconnect: (connection: XeroConnectionView) => void;
  onCancel: () => void;
}) {
  switch (action.kind) {
    case 'link':
      return (
        <Alert title="Your connect link is ready" variant="info">
          It opens Xero in a new tab and works once, until {formatMoment(action.expiresAt)}. When Xero says it
          is connected, come back and press Refresh.
          <Button variant="primary" href={{ url: action.url, external: true }}>
            Open Xero
          </Button>
        </Alert>
      );
    case 'confirm':
      return (
        <Alert title={`Disconnect ${action.connection.name}?`} variant="warning">
          Ledgerbridge stops syncing it and gives up its access to Xero. You can connect it again later.
          <ButtonRow>
            <Button variant="destructive" onClick={() => onDisconnect(action.connection)}>
              Disconnect
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </ButtonRow>
        </Alert>
      );
    case 'disconnected':
      return (
        <Alert title={`${action.name} is disconnected`} variant="success">
          Nothing more is synced with it.
        </Alert>
      );
    case 'failed':
      return (
        <Alert title={action.title} variant="danger">
          {action.message}
        </Alert>
      );
    default:
      return null;
  }
}
