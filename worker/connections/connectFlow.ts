import type { Connection } from './connectionStore';

/**
 * One vendor's connect flow, transport-neutral: the ingress (`/oauth/{vendor}/start|callback`)
 * drives it once a connect ticket has been redeemed. begin either sends the browser to the vendor's
 * consent page, bound to that browser by a nonce it must keep in a cookie, or, for server-side
 * grants (Salesforce JWT bearer / client credentials, a HubSpot static token), connects at once.
 * finish also takes HubSpot's own install link, which comes back with a code and no state of ours.
 */
export interface ConnectFlow {
  readonly vendorName: string;
  begin(
    start: ConnectStart,
  ): Promise<{ redirectTo: string; browserNonce: string } | { connected: Connection[] }>;
  finish(params: CallbackParams): Promise<Connection[]>;
  /** What the connected page says besides the names (e.g. fields an admin must still add), for what finish returned. */
  noticesFor?(connections: Connection[]): string[];
}

/**
 * Where what is connected goes: the connect ticket's installation, or, for an install ("connect a
 * new customer"), the installation already holding the account (a re-install), else a new one named
 * `name` when given, after the account otherwise.
 */
export type InstallTarget = { installationId: string } | { newInstallation: { name: string | null } };

export type ConnectStart = InstallTarget & {
  /** Who the connect ticket was issued to: the actor of an installation it creates. */
  issuedTo?: string;
};

export interface CallbackParams {
  code?: string | null;
  state?: string | null;
  error?: string | null;
  /** Zoho's multi-DC return: the accounts server and data centre the admin signed in at. */
  accountsServer?: string | null;
  location?: string | null;
  /** The nonce from the browser's cookie, set when the flow began in that browser. */
  browserNonce?: string | null;
}

/** A connect attempt the user must restart or fix; its message is safe to show. */
export class ConnectError extends Error {
  override name = 'ConnectError';

  constructor(
    message: string,
    /** 400 by default; 403 for a callback from a browser other than the one that started. */
    readonly status: 400 | 403 = 400,
  ) {
    super(message);
  }
}

/** For flows with no browser step: a callback is never expected. */
export function noCallback(vendorName: string): never {
  throw new ConnectError(`${vendorName} connects without a browser callback: open /start instead`);
}
