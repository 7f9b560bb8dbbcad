import type { Connection } from './connectionStore';

/**
 * One vendor's connect flow, transport-neutral: the ingress (`/oauth/{vendor}/start|callback`) and
 * `npm run connect` drive it. begin either sends the browser to the vendor's consent page or, for
 * server-side grants (Salesforce JWT bearer / client credentials, a HubSpot static token), connects
 * at once.
 */
export interface ConnectFlow {
  readonly vendorName: string;
  begin(): Promise<{ redirectTo: string } | { connected: Connection[] }>;
  finish(params: CallbackParams): Promise<Connection[]>;
}

export interface CallbackParams {
  code?: string | null;
  state?: string | null;
  error?: string | null;
}

/** A connect attempt the user must restart or fix; its message is safe to show. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

/** For flows with no browser step: a callback is never expected. */
export function noCallback(vendorName: string): never {
  throw new ConnectError(`${vendorName} connects without a browser callback: open /start instead`);
}
