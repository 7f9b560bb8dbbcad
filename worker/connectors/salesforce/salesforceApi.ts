import { Connection as JsforceConnection } from 'jsforce';

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
