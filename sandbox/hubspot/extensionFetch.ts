import { signatureV3 } from './signature';

/**
 * A stand-in for `hubspot.fetch` as HubSpot's proxy performs it, for the demo and the tests: the
 * card's options become a request to the app's back end with the caller appended as query
 * parameters (`userId`, `portalId`, `userEmail`, `appId`), the body sent as JSON, and the whole
 * signed with the app's client secret (v3: method + full URL + body + timestamp). Cards cannot add
 * headers of their own, and neither does this.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
 */
export interface ExtensionCallerParams {
  portalId: number;
  userId: number;
  userEmail: string;
  appId: number;
}

export interface ExtensionFetchInput {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: Record<string, unknown>;
  caller: ExtensionCallerParams;
  clientSecret: string;
  /** Epoch ms HubSpot stamps the request with (default: now). */
  timestamp?: number;
}

/** The request HubSpot would send: URL, method, headers and body, signed. */
export function extensionRequest(input: ExtensionFetchInput): {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
} {
  const url = new URL(input.url);
  url.searchParams.append('userId', String(input.caller.userId));
  url.searchParams.append('userEmail', input.caller.userEmail);
  url.searchParams.append('appId', String(input.caller.appId));
  url.searchParams.append('portalId', String(input.caller.portalId));
  const method = input.method ?? 'GET';
  const body = input.body === undefined ? '' : JSON.stringify(input.body);
  const timestamp = String(input.timestamp ?? Date.now());
  const signature = signatureV3({
    clientSecret: input.clientSecret,
    method,
    uri: url.toString(),
    body,
    timestamp,
  });
  return {
    url: url.toString(),
    init: {
      method,
      headers: {
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body } : {}),
    },
  };
}

export function extensionFetch(input: ExtensionFetchInput): Promise<Response> {
  const { url, init } = extensionRequest(input);
  return fetch(url, init);
}
