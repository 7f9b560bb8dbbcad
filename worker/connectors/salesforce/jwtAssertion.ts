import { createSign } from 'node:crypto';

/**
 * The JWT bearer assertion Salesforce's OAuth 2.0 JWT Bearer flow expects: RS256, `iss` the External
 * Client App's consumer key, `sub` the integration user's username, `aud` the authorization server,
 * `exp` within 3 minutes. https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
export function jwtAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
  nowMs: number;
}): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const claims = encode({
    iss: input.clientId,
    sub: input.username,
    aud: input.audience,
    exp: Math.floor(input.nowMs / 1000) + 180,
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(input.privateKeyPem);
  return `${header}.${claims}.${signature.toString('base64url')}`;
}

/**
 * The `aud` claim for a login URL. Salesforce wants the authorization server, not My Domain:
 * login.salesforce.com for production (also when the token request goes to a production My
 * Domain), test.salesforce.com for sandboxes (`*.sandbox.my.salesforce.com` included). Any other
 * host (an Experience Cloud site, the local emulator) is its own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname.toLowerCase();
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
    return 'https://test.salesforce.com';
  if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com'))
    return 'https://login.salesforce.com';
  return new URL(loginUrl).origin;
}
