import { createVerify, generateKeyPairSync } from 'node:crypto';
import { jwtAssertion, jwtAudience } from '../../../../worker/connectors/salesforce/jwtAssertion';

describe('Salesforce JWT bearer assertion', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('is an RS256 JWT with iss, sub, aud and a 3-minute exp, verifiable with the certificate key', () => {
    const token = jwtAssertion({
      clientId: 'CONSUMER_KEY',
      username: 'integration@example.com',
      audience: 'https://login.salesforce.com',
      privateKeyPem: pem,
      nowMs: 1_700_000_000_000,
    });
    const [header, claims, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: 'CONSUMER_KEY',
      sub: 'integration@example.com',
      aud: 'https://login.salesforce.com',
      exp: 1_700_000_180,
    });
    const ok = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    expect(ok).toBe(true);
    const tampered = createVerify('RSA-SHA256')
      .update(`${header}.${claims}x`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    expect(tampered).toBe(false);
  });

  it.each([
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['http://127.0.0.1:4102', 'http://127.0.0.1:4102'],
  ])('audience for %s is %s', (loginUrl, audience) => {
    expect(jwtAudience(loginUrl)).toBe(audience);
  });
});
