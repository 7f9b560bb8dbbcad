import { Connection as JsforceConnection } from 'jsforce';
import { setDefaults as setJsforceRequestDefaults } from 'jsforce/lib/request';
import { VENDOR_REQUEST_TIMEOUT_MS } from '../vendorRequestTimeout';

/**
 * jsforce's request defaults are process-wide and set when it loads (proxy from the environment,
 * redirects followed, a 30-minute timeout). Replaced when this module loads with the same but a
 * timeout in seconds, so a request Salesforce leaves unanswered is aborted (its own quick retries of
 * reads and upserts on a 5xx or a dropped connection stay, inside that timeout).
 */
export function configureJsforceRequests(timeoutMs = VENDOR_REQUEST_TIMEOUT_MS): void {
  const env = process.env;
  setJsforceRequestDefaults({
    httpProxy: env.https_proxy ?? env.http_proxy ?? env.HTTPS_PROXY ?? env.HTTP_PROXY,
    followRedirect: true,
    timeout: timeoutMs,
  });
}
configureJsforceRequests();

/**
 * The REST API version every Salesforce call uses (and the package's metadata declares): 62.0 is
 * Winter '25, supported by every org this package can be installed in.
 */
export const SALESFORCE_API_VERSION = '62.0';

/** A jsforce connection for one session; jsforce is the SDK @salesforce/core builds on. */
export function jsforceConnection(session: { instanceUrl: string; accessToken: string }): JsforceConnection {
  return new JsforceConnection({
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    version: SALESFORCE_API_VERSION,
  });
}

/** The org's name: the first call made with a new session, so a bad session fails the connect. */
export async function describeOrg(session: { instanceUrl: string; accessToken: string }): Promise<{
  name: string;
}> {
  const result = await jsforceConnection(session).query<{ Name: string }>('SELECT Name FROM Organization');
  const org = result.records[0];
  if (!org) throw new Error('the Organization query returned no row');
  return { name: org.Name };
}
