import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../sandbox/xero';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { RefreshService } from '../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { VendorError } from '../../../worker/connectors/errors';
import { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../../worker/connectors/xero/xeroEndpoints';
import { emailInvoiceFromXero, invoicePdf } from '../../../worker/connectors/xero/xeroInvoiceDelivery';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { pdfFlatText } from '../../support/pdfText';
import { createTestStore } from '../../support/stores';
import { plantInvoice } from '../../sandbox/xero/deliveryFixtures';

const CLIENT = { clientId: 'xero-delivery-test', clientSecret: 'secret' };

/** The Xero delivery connector functions against the Xero emulator, through xero-node and XeroApi.call. */
describe('Xero invoice delivery connector', () => {
  let emulator: XeroEmulator;
  let server: SandboxServer;
  let store: Store;
  let api: XeroApi;
  let tenantId: string;

  beforeAll(async () => {
    emulator = createXeroEmulator();
    tenantId = emulator.seedDataset({ contacts: 2, invoices: 0, asOf: '2026-11-01' }).tenantId;
    server = await startSandboxServer(emulator);
    emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
    );
    const grant = emulator.identity.issueGrant(CLIENT.clientId, 'offline_access accounting.transactions');
    const connection = await connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Demo',
      scopes: grant.scope.split(' '),
      tokens: { accessToken: grant.access_token, refreshToken: grant.refresh_token },
    });
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: server.url,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => new XeroAuth(endpoints, CLIENT),
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    const pacer = new SharedPacer(store.db, () => ({
      limits: [{ name: 'minute', limit: 600, periodMs: 60_000, burst: 50 }],
      concurrency: 5,
    }));
    api = new XeroApi({ endpoints, connections, refresh, pacer, connectionId: connection.id });
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });
  beforeEach(() => emulator.faults.clear());

  const refusal = async (promise: Promise<unknown>): Promise<VendorError> => {
    const err: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
    return err;
  };

  it('reads the invoice PDF as a Buffer whose text holds the number and the total', async () => {
    const planted = plantInvoice(emulator, tenantId);
    const pdf = await invoicePdf(api, planted.invoiceId);
    expect(Buffer.isBuffer(pdf)).toBe(true);
    const text = await pdfFlatText(pdf);
    expect(text).toContain(planted.number);
    expect(text).toContain('Total USD 1,150.00');
  });

  it('waits out a 429 with Retry-After and then reads the PDF', async () => {
    const planted = plantInvoice(emulator, tenantId);
    emulator.faults.add({ kind: 'rate_limit', method: 'GET', count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const pdf = await invoicePdf(api, planted.invoiceId);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fails an unknown invoice as not found, quoting Xero’s message', async () => {
    const err = await refusal(invoicePdf(api, randomUUID()));
    expect(err.kind).toBe('notFound');
    expect(err.message).toContain('cannot be found');
  });

  it('has Xero e-mail the invoice once under a repeated Idempotency-Key', async () => {
    const planted = plantInvoice(emulator, tenantId, { email: 'billing@once.example' });
    const key = `delivery:${planted.invoiceId}:xero-email`;
    await emailInvoiceFromXero(api, planted.invoiceId, key);
    await emailInvoiceFromXero(api, planted.invoiceId, key);
    expect(emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toEqual([
      expect.objectContaining({ to: ['billing@once.example'], invoiceNumber: planted.number }),
    ]);
  });

  it.each([
    ['a contact without an e-mail address', { email: null }, 'no email address'],
    ['a DRAFT invoice', { status: 'DRAFT' as const }, 'SUBMITTED, AUTHORISED or PAID'],
  ])('refuses %s with a non-retryable validation error', async (_, options, message) => {
    const planted = plantInvoice(emulator, tenantId, options);
    const err = await refusal(emailInvoiceFromXero(api, planted.invoiceId, randomUUID()));
    expect(err.kind).toBe('validation');
    expect(err.name).toBe('VendorValidationError');
    expect(err.message).toContain(message);
    expect(err.toFailure().nonRetryable).toBe(true);
    expect(emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toEqual([]);
  });
});
