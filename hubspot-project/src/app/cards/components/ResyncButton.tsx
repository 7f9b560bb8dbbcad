import { Alert, Button, Flex, LoadingButton } from '@hubspot/ui-extensions';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../lib/remoteState';
import type { CardDataSource } from '../lib/workerClient';

type ResyncState =
  { status: 'idle' } | { status: 'running' } | { status: 'done' } | { status: 'failed'; message: string };

/**
 * Starts the deal's sync again (the same workflow a deal webhook starts). The answer of a click on
 * a deal the card no longer shows is dropped.
 */
export function ResyncButton({
  dealId,
  source,
  onRefresh,
  onStarted,
}: {
  dealId: string;
  source: Pick<CardDataSource, 'resyncDeal'>;
  /** Loads the card again, to see what the sync did. */
  onRefresh: () => void;
  /** Called once the worker has taken the re-sync (the record's properties are read again). */
  onStarted?: () => void;
}) {
  const [state, setState] = useState<ResyncState>({ status: 'idle' });
  const current = useRef(dealId);
  useEffect(() => {
    current.current = dealId;
    setState({ status: 'idle' });
  }, [dealId]);

  const resync = () => {
    const forDeal = dealId;
    setState({ status: 'running' });
    source.resyncDeal(forDeal).then(
      () => {
        if (current.current !== forDeal) return;
        setState({ status: 'done' });
        onStarted?.();
      },
      (err: unknown) => {
        if (current.current === forDeal) setState({ status: 'failed', message: messageOf(err) });
      },
    );
  };

  return (
    <Flex direction="column" gap="sm">
      <LoadingButton loading={state.status === 'running'} variant="secondary" onClick={resync}>
        Re-sync with Xero
      </LoadingButton>
      {state.status === 'done' && (
        <Alert title="Re-sync started" variant="success">
          Ledgerbridge is checking this deal against Xero now.
          <Button variant="transparent" onClick={onRefresh}>
            Show the outcome
          </Button>
        </Alert>
      )}
      {state.status === 'failed' && (
        <Alert title="Re-sync could not be started" variant="danger">
          {state.message}
        </Alert>
      )}
    </Flex>
  );
}
