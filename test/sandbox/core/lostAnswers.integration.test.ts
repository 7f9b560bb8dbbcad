import { FaultInjector } from '../../../sandbox/core/faults';
import { send } from '../../../sandbox/core/http';
import { startSandboxServer, type Emulator, type SandboxServer } from '../../../sandbox/core/server';

/**
 * The connection faults of the sandbox's HTTP layer: a drop or a hang before the vendor handles the
 * request (nothing is written), and after it (the write is made, its answer is lost), as a client
 * with a timeout sees them.
 */
describe('dropped and hung connections', () => {
  let writes = 0;
  const faults = new FaultInjector(7);
  const emulator: Emulator = {
    name: 'counter',
    faults,
    routes(on) {
      on('POST', '/api/things', ({ res }) => {
        writes++;
        send(res, 201, { writes });
      });
    },
    reset: () => undefined,
    seed: () => undefined,
    state: () => ({ writes }),
  };
  let server: SandboxServer;

  beforeAll(async () => {
    server = await startSandboxServer(emulator);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    writes = 0;
    faults.clear();
  });

  const post = (timeoutMs = 2_000) =>
    fetch(`${server.url}/api/things`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as unknown }),
      // fetch's errors come from another realm under jest: read the name, not instanceof.
      (err: unknown) => ({ error: (err as { name?: string }).name ?? String(err) }),
    );

  it('answers normally without a fault', async () => {
    expect(await post()).toEqual({ status: 201, body: { writes: 1 } });
  });

  it('a drop before the handler writes nothing; after it, the write is made and the answer lost', async () => {
    faults.add({ kind: 'drop', count: 1 });
    expect(await post()).toEqual({ error: 'TypeError' });
    expect(writes).toBe(0);

    faults.add({ kind: 'drop', count: 1, afterHandler: true });
    expect(await post()).toEqual({ error: 'TypeError' });
    expect(writes).toBe(1);
    expect(await post()).toEqual({ status: 201, body: { writes: 2 } });
  });

  it('a hang outlasts the client timeout, before the handler or after it', async () => {
    faults.add({ kind: 'hang', count: 1, latencyMs: 1_000 });
    expect(await post(200)).toEqual({ error: 'TimeoutError' });
    expect(writes).toBe(0);

    faults.add({ kind: 'hang', count: 1, latencyMs: 1_000, afterHandler: true });
    expect(await post(200)).toEqual({ error: 'TimeoutError' });
    expect(writes).toBe(1);
  });

  it('a client that waits longer than the hang sees the connection closed, not an answer', async () => {
    faults.add({ kind: 'hang', count: 1, latencyMs: 100, afterHandler: true });
    expect(await post(2_000)).toEqual({ error: 'TypeError' });
    expect(writes).toBe(1);
  });
});
