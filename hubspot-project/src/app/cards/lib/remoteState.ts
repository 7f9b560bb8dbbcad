import { useCallback, useEffect, useRef, useState } from 'react';

/** What a card shows while it talks to the worker. */
export type RemoteState<T> =
  | { status: 'loading' }
  | { status: 'success'; data: T }
  /** `busy`: HubSpot or Xero asked us to slow down (429); trying again shortly will do. */
  | { status: 'error'; message: string; busy: boolean };

/**
 * Loads once per key and on `reload()`. Only the newest request may set the state: an answer to an
 * older one (the record changed, or the user pressed "Try again" meanwhile) is dropped.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  key: string,
): { state: RemoteState<T>; reload: () => void } {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const request = ++latest.current;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => {
        if (request === latest.current) setState({ status: 'success', data });
      },
      (err: unknown) => {
        if (request === latest.current)
          setState({ status: 'error', message: messageOf(err), busy: isBusy(err) });
      },
    );
  }, []);

  useEffect(() => {
    run();
    return () => {
      // An answer arriving after the card is gone (or its record changed) is not applied.
      latest.current++;
    };
  }, [key, run]);

  return { state, reload: run };
}

export function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong.';
}

/** A refusal with code `busy` (the worker's 429): nothing is wrong, the vendor wants a pause. */
export function isBusy(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'busy';
}
