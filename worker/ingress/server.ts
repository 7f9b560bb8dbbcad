import type { AddressInfo } from 'node:net';
import { buildIngressApp, type IngressAppDeps } from './ingressApp';

export type { RouteGroup } from './ingressApp';

export interface Ingress {
  url: string;
  close(): Promise<void>;
}

export interface IngressDeps extends IngressAppDeps {
  host: string;
  port: number;
}

/** Starts the worker's HTTP ingress (or the operations listener: the same app with other routes). */
export async function startIngress(deps: IngressDeps): Promise<Ingress> {
  const app = await buildIngressApp(deps);
  await app.listen({ host: deps.host, port: deps.port });
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      const closing = app.close();
      // In-flight requests are not waited for: stopping the worker must not hang on a slow client.
      app.server.closeAllConnections();
      await closing;
    },
  };
}
