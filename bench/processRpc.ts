import { fork } from 'node:child_process';

/**
 * A bench's helper process (its vendors, in their own process so the worker's CPU and memory are
 * measured alone), spoken to as an API of promises over Node's IPC channel. `forkRpc` is the
 * bench's side, `serveRpc` the helper's.
 */
/** Each method takes at most one parameter (structured-cloneable) and returns a promise. */
export type RpcApi<Api> = Record<keyof Api, (params: never) => Promise<unknown>>;

interface RpcRequest {
  id: number;
  method: string;
  params: unknown;
}
type RpcResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type RpcClient<Api extends RpcApi<Api>> = {
  [M in keyof Api]: (params?: Parameters<Api[M]>[0]) => ReturnType<Api[M]>;
};

/** Starts `file` (TypeScript, through tsx) and returns its API; `label` names it in errors. */
export function forkRpc<Api extends RpcApi<Api>>(
  file: string,
  label: string,
  methods: ReadonlyArray<keyof Api & string>,
): RpcClient<Api> & { pid: number | undefined; kill(): void } {
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  child.on('message', (message: RpcResponse) => {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) call?.resolve(message.result);
    else call?.reject(new Error(`${label}: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const call of waiting.values()) call.reject(new Error(`${label} process ended (${code ?? signal})`));
    waiting.clear();
  });
  const call = (method: string) => (params?: unknown) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, method, params } satisfies RpcRequest);
    });
  const client = Object.fromEntries(methods.map((m) => [m, call(m)])) as RpcClient<Api>;
  return Object.assign(client, { pid: child.pid, kill: () => void child.kill('SIGKILL') });
}

/** The helper's side: answers the bench's calls with `api`, and exits when the bench is gone. */
export function serveRpc<Api extends RpcApi<Api>>(api: Api): void {
  process.on('message', (message: RpcRequest) => {
    // The bench sends only names of Api's methods, with their parameter.
    const methods = api as unknown as Record<string, ((params: unknown) => Promise<unknown>) | undefined>;
    const method = methods[message.method];
    (method ? method(message.params) : Promise.reject(new Error(`no method ${message.method}`))).then(
      (result) => process.send?.({ id: message.id, ok: true, result } satisfies RpcResponse),
      (err: unknown) =>
        process.send?.({
          id: message.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        } satisfies RpcResponse),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
