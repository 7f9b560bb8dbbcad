import { Connection as JsforceConnection } from 'jsforce';
import type { HttpRequest } from 'jsforce/lib/types';
import { StreamPromise } from 'jsforce/lib/util/promise';
import { namespaceMapping, type NamespaceMapping } from './salesforceNamespace';
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

/**
 * A jsforce connection for one session; jsforce is the SDK @salesforce/core builds on. With the
 * org's package namespace (the package installed managed), every request goes through the one
 * name mapping (salesforceNamespace.ts): all of jsforce's calls (query, CRUD, collections,
 * composite) pass through Connection.request.
 */
export function jsforceConnection(session: {
  instanceUrl: string;
  accessToken: string;
  namespace?: string | undefined;
}): JsforceConnection {
  const options = {
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    version: SALESFORCE_API_VERSION,
  };
  const mapping = namespaceMapping(session.namespace);
  return mapping ? new NamespacedConnection(options, mapping) : new JsforceConnection(options);
}

class NamespacedConnection extends JsforceConnection {
  constructor(
    options: ConstructorParameters<typeof JsforceConnection>[0],
    private readonly names: NamespaceMapping,
  ) {
    super(options);
  }

  override request<R = unknown>(request: string | HttpRequest, options?: object): StreamPromise<R> {
    const req: HttpRequest = typeof request === 'string' ? { method: 'GET', url: request } : request;
    const mapped: HttpRequest = {
      ...req,
      url: this.names.toOrg(req.url),
      ...(typeof req.body === 'string' ? { body: this.names.toOrg(req.body) } : {}),
    };
    return StreamPromise.create(() => {
      const inner = super.request<R>(mapped, options);
      return { stream: inner.stream(), promise: inner.then((r) => this.names.fromOrg(r)) };
    });
  }
}

/**
 * The org's name (the first call made with a new session, so a bad session fails the connect) and
 * the package's namespace there: installed as a managed package, its objects carry the namespace as a prefix.
 */
export async function describeOrg(session: { instanceUrl: string; accessToken: string }): Promise<{
  name: string;
  namespace?: string;
}> {
  const conn = jsforceConnection(session);
  const result = await conn.query<{ Name: string }>('SELECT Name FROM Organization');
  const org = result.records[0];
  if (!org) throw new Error('the Organization query returned no row');
  const namespace = packageNamespace((await conn.describeGlobal()).sobjects.map((o) => o.name));
  return namespace ? { name: org.Name, namespace } : { name: org.Name };
}

/** The namespace the package's own object carries among the org's objects (none when un-namespaced). */
export function packageNamespace(objectNames: readonly string[]): string | undefined {
  for (const name of objectNames) {
    const match = /^([A-Za-z][A-Za-z0-9]{0,14})__Xero_Invoice__c$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}
