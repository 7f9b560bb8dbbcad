import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import { XeroClient } from 'xero-node';
import { classifyHubspotError } from '../../../worker/connectors/hubspot/hubspotErrors';
import {
  configureJsforceRequests,
  jsforceConnection,
} from '../../../worker/connectors/salesforce/salesforceApi';
import { classifySalesforceError } from '../../../worker/connectors/salesforce/salesforceErrors';
import { withinDeadline } from '../../../worker/connectors/vendorRequestTimeout';
import { xeroRequestTimeout } from '../../../worker/connectors/xero/xeroApi';
import { classifyXeroError } from '../../../worker/connectors/xero/xeroErrors';

/**
 * A vendor that takes requests and never answers them must not hold a call (and the account's
 * concurrency permit) for ever: the request is aborted by the SDK where the SDK takes a timeout
 * (Xero, Salesforce), and every connector call is given up at its deadline, as a retryable failure.
 */
const TIMEOUT_MS = 300;

interface SilentVendor {
  url: string;
  hits: string[];
  answerFirst: number;
  close(): Promise<void>;
}

/** Answers the first `answerFirst` requests with `answer`, then accepts requests and stays silent. */
async function silentVendor(answer: { status: number; body: unknown }): Promise<SilentVendor> {
  const vendor: SilentVendor = { url: '', hits: [], answerFirst: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    vendor.hits.push(`${req.method} ${req.url}`);
    if (vendor.hits.length > vendor.answerFirst) return; // never answered
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vendor.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return vendor;
}

async function timed<T>(call: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('the call to a silent vendor succeeded');
}

describe('a vendor that never answers', () => {
  let vendor: SilentVendor;
  afterEach(() => vendor.close());

  it('HubSpot (whose SDK takes no timeout): the call is given up at its deadline as retryable', async () => {
    vendor = await silentVendor({ status: 200, body: {} });
    const client = new Client({ accessToken: 'token', basePath: vendor.url, numberOfApiCallRetries: 0 });
    const { error, ms } = await timed(() =>
      withinDeadline(client.crm.companies.basicApi.getById('1'), TIMEOUT_MS, 'hubspot'),
    );
    expect(classifyHubspotError(error)).toMatchObject({ kind: 'retryable', vendor: 'hubspot' });
    expect((error as Error).message).toContain(`no answer within ${TIMEOUT_MS} ms`);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(vendor.hits).toHaveLength(1);
  });

  it('a call that answers in time is not touched by its deadline', async () => {
    vendor = await silentVendor({ status: 200, body: { id: '1', properties: {} } });
    vendor.answerFirst = 1;
    const client = new Client({ accessToken: 'token', basePath: vendor.url, numberOfApiCallRetries: 0 });
    await expect(
      withinDeadline(client.crm.companies.basicApi.getById('1'), 10_000, 'hubspot'),
    ).resolves.toMatchObject({ id: '1' });
  });

  it('Xero: the request is aborted and classified retryable', async () => {
    vendor = await silentVendor({ status: 200, body: {} });
    const xero = new XeroClient();
    xero.accountingApi.basePath = vendor.url;
    xero.setTokenSet({ access_token: 'token', token_type: 'Bearer' });
    xero.accountingApi.setDefaultAuthentication(xeroRequestTimeout(TIMEOUT_MS));
    const { error, ms } = await timed(() => xero.accountingApi.getContacts('tenant'));
    expect(classifyXeroError(error)).toMatchObject({ kind: 'retryable' });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(vendor.hits).toEqual([expect.stringMatching(/^GET \/Contacts/)]);
  });

  describe('Salesforce', () => {
    beforeEach(() => configureJsforceRequests(TIMEOUT_MS));
    afterEach(() => configureJsforceRequests());

    it('the request is aborted, not retried, and classified retryable', async () => {
      vendor = await silentVendor({ status: 200, body: {} });
      const conn = jsforceConnection({ instanceUrl: vendor.url, accessToken: 'token' });
      const { error, ms } = await timed(() => conn.query('SELECT Id FROM Account').then((r) => r));
      expect(classifySalesforceError(error)).toMatchObject({ kind: 'retryable' });
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(vendor.hits).toHaveLength(1);
    });
  });
});
