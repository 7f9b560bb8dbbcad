import type { Client } from '@temporalio/client';
import {
  handOverEach,
  handOverWithin,
  TemporalUnavailableError,
} from '../../../worker/webhooks/handoverDeadline';

/** The client's part the deadline uses; the gRPC deadline itself is exercised against a real port. */
const client: Pick<Client, 'withDeadline'> = { withDeadline: (_deadline, fn) => fn() };

const grpcError = (code: number) =>
  Object.assign(new Error(`grpc ${code}`), { code, details: '', metadata: {} });

describe('hand-over deadline', () => {
  it('a hand-over that never answers fails with TemporalUnavailableError, not a hang', async () => {
    await expect(handOverWithin(client, 50, () => new Promise(() => undefined))).rejects.toBeInstanceOf(
      TemporalUnavailableError,
    );
  });

  it.each([
    [4, 'DEADLINE_EXCEEDED'],
    [8, 'RESOURCE_EXHAUSTED'],
    [14, 'UNAVAILABLE'],
  ])('gRPC code %i (%s) means Temporal is unavailable, also as the cause of a ServiceError', async (code) => {
    const wrapped = new Error('Failed to signalWithStart Workflow', { cause: grpcError(code) });
    await expect(handOverWithin(client, 1_000, () => Promise.reject(wrapped))).rejects.toMatchObject({
      name: 'TemporalUnavailableError',
      cause: wrapped,
    });
  });

  it('any other failure is not an outage: it reaches the caller as it is (a bug, a 500)', async () => {
    const invalid = grpcError(3);
    await expect(handOverWithin(client, 1_000, () => Promise.reject(invalid))).rejects.toBe(invalid);
  });

  it('hands each item over, at most 50 at a time, each under its own deadline', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const items = Array.from({ length: 230 }, (_, i) => i);
    await handOverEach(client, 1_000, items, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      done.push(i);
    });
    expect(done.sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(50);
  });

  it('stops starting hand-overs after the first failure', async () => {
    const started: number[] = [];
    const items = Array.from({ length: 500 }, (_, i) => i);
    await expect(
      handOverEach(client, 1_000, items, async (i) => {
        started.push(i);
        if (i === 10) throw grpcError(14);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }),
    ).rejects.toBeInstanceOf(TemporalUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started.length).toBeLessThan(items.length);
  });
});
