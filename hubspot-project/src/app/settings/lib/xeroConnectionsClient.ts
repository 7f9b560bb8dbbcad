import { z } from 'zod';
import {
  xeroConnectLinkSchema,
  xeroConnectionListSchema,
  xeroDisconnectedSchema,
  type XeroConnectLink,
  type XeroConnectionList,
  type XeroDisconnected,
} from '../generated/xeroConnections';

/** `hubspot.fetch` as this section uses it: HubSpot signs the request and names the user. */
export type ConnectionsFetch = (
  url: string,
  options?: { method?: 'GET' | 'POST'; body?: Record<string, unknown>; timeout?: number },
) => Promise<Response>;

export interface XeroConnectionsSource {
  list(): Promise<XeroConnectionList>;
  /** A single-use link to Xero's consent, for this portal's installation. */
  connectLink(): Promise<XeroConnectLink>;
  disconnect(connectionId: string): Promise<XeroDisconnected>;
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

/** The section's data: `/hubspot/connections/xero…` on the worker, answers read with the shared contract. */
export function workerXeroConnectionsSource(
  fetch: ConnectionsFetch,
  workerUrl: string,
): XeroConnectionsSource {
  async function call<T>(schema: z.ZodType<T>, path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${workerUrl}${path}`, {
        timeout: 15_000,
        ...(method === 'POST' ? { method, body: {} } : {}),
      });
    } catch {
      throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
    }
    const json = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok) {
      // A refusal (not allowed, not found, the portal not connected) carries the sentence to show.
      const refusal = refusalSchema.safeParse(json);
      throw new Error(refusal.success ? refusal.data.message : `Ledgerbridge answered ${res.status}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
    return parsed.data;
  }
  return {
    list: () => call(xeroConnectionListSchema, '/hubspot/connections/xero'),
    connectLink: () => call(xeroConnectLinkSchema, '/hubspot/connections/xero/connect-link', 'POST'),
    disconnect: (id) =>
      call(xeroDisconnectedSchema, `/hubspot/connections/xero/${encodeURIComponent(id)}/disconnect`, 'POST'),
  };
}
