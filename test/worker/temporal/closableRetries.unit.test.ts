import { Connection } from '@temporalio/client';
import { ClosableRetries } from '../../../worker/temporal/closableRetries';
import { freePort } from '../../support/ports';

/**
 * Closing a client connection while one of its calls waits to be retried: the call ends with its
 * error and nothing throws later from the retry's timer ("Channel has been shut down" as an
 * uncaught exception, which fails this test when it happens).
 */
describe('closing a Temporal client connection with a retry scheduled', () => {
  it('ends the retried call with its error and leaves no timer to throw after the close', async () => {
    // Nothing listens here: every try fails UNAVAILABLE and is retried after a short backoff.
    const retries = new ClosableRetries();
    const connection = Connection.lazy({
      address: `127.0.0.1:${await freePort()}`,
      interceptors: retries.interceptors,
    });
    const call = connection.workflowService.describeNamespace({ namespace: 'default' });
    const settled = call.then(
      () => 'answered',
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    // Let the first try fail so that a retry timer is pending when the close begins.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await retries.close(connection);
    expect(await settled).toMatch(/UNAVAILABLE/);
    // Longer than any retry backoff: a timer left behind would fire (and throw) within this.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
  }, 20_000);
});
