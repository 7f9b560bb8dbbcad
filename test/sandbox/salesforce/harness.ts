import { createSign, generateKeyPairSync } from 'node:crypto';
import { Connection } from 'jsforce';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import {
  createSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
  type SalesforceSeed,
  type SeededOrg,
} from '../../../sandbox/salesforce';

export const APP = {
  consumerKey: '3MVG9LEDGERBRIDGE.TEST.CONSUMER.KEY',
  consumerSecret: 'ECA-SECRET-0123456789',
};
export const API_VERSION = '62.0';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export function rsaKeyPair(): KeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** An RS256 JWT bearer assertion signed with node:crypto, as the worker signs it. */
export function assertion(input: {
  iss: string;
  sub: string;
  aud: string;
  exp?: number;
  privateKey: string;
}): string {
  const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: input.iss,
    sub: input.sub,
    aud: input.aud,
    exp: input.exp ?? Math.floor(Date.now() / 1000) + 180,
  })}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(input.privateKey).toString('base64url')}`;
}

export interface SalesforceHarness {
  emulator: SalesforceEmulator;
  server: SandboxServer;
  keys: KeyPair;
  org: SeededOrg;
  conn: Connection;
  /** A fresh jsforce connection through the JWT bearer flow. */
  login(): Promise<Connection>;
  close(): Promise<void>;
}

/** The emulator on a free port, a seeded org, a registered External Client App and a jsforce session. */
export async function startSalesforce(
  options: SalesforceEmulatorOptions & { dataset?: SalesforceSeed } = {},
): Promise<SalesforceHarness> {
  const emulator = createSalesforceEmulator(options);
  const server = await startSandboxServer(emulator);
  const org = emulator.seedDataset({
    accounts: 6,
    contactsPerAccount: 2,
    opportunities: 20,
    ...options.dataset,
  });
  const keys = rsaKeyPair();
  emulator.registerApp({ ...APP, certificatePem: keys.publicKey, username: org.username, scopes: ['api'] });
  const login = async () => {
    const conn = new Connection({ loginUrl: server.url, version: API_VERSION });
    await conn.authorize({
      grant_type: JWT_BEARER,
      assertion: assertion({
        iss: APP.consumerKey,
        sub: org.username,
        aud: server.url,
        exp: Math.floor(emulator.clock.now() / 1000) + 180,
        privateKey: keys.privateKey,
      }),
    });
    return conn;
  };
  const conn = await login();
  return { emulator, server, keys, org, conn, login, close: () => server.close() };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(
  promise: PromiseLike<unknown>,
): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { errorCode?: string; data?: unknown };
  }
  throw new Error('expected the call to fail');
}
