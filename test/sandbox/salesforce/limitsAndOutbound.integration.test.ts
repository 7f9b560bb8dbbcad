import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSalesforce, rejection, type SalesforceHarness } from './harness';

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A stand-in worker endpoint that answers each request with the next status in `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(statuses.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/salesforce/events`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Salesforce emulator through jsforce: API limits', () => {
  let h: SalesforceHarness;
  afterEach(async () => h.close());

  it('reports Sforce-Limit-Info on every call and the limits resource', async () => {
    h = await startSalesforce({ dailyApiLimit: 500 });
    await h.conn.query('SELECT Id FROM Account');
    expect(h.conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 500 } });
    await h.conn.sobject('Account').create({ Name: 'Counted' });
    expect(h.conn.limitInfo.apiUsage).toEqual({ used: 2, limit: 500 });
    const limits = await h.conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 500, Remaining: 497 });
  });

  it('refuses calls past the daily limit with 403 REQUEST_LIMIT_EXCEEDED until the rolling window frees them', async () => {
    h = await startSalesforce({ dailyApiLimit: 3 });
    for (let i = 0; i < 3; i++) await h.conn.query('SELECT Id FROM Account LIMIT 1');
    const err = await rejection(h.conn.query('SELECT Id FROM Account LIMIT 1'));
    expect(err).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(h.server.requests().at(-1)?.status).toBe(403);
    expect(h.conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 3 });
    h.emulator.clock.advance(24 * 60 * 60_000 + 1);
    const conn = await h.login();
    await expect(conn.query('SELECT Id FROM Account LIMIT 1')).resolves.toMatchObject({ done: true });
  });
});

describe('Salesforce emulator: Closed Won notification (stands in for the Flow + Named Credential callout)', () => {
  let h: SalesforceHarness;
  afterEach(async () => h.close());

  it('POSTs a signed notice when an opportunity becomes Closed Won, once (until its amount changes), and retries a failed delivery', async () => {
    h = await startSalesforce({ outboundRetryDelaysMs: [20, 20] });
    const worker = await receiver([500]);
    const secret = 'named-credential-secret';
    h.emulator.configureOutbound({ targetUrl: worker.url, secret });
    try {
      const opp = h.conn.sobject('Opportunity');
      const { id } = await opp.create({
        Name: 'Will win',
        StageName: 'Negotiation/Review',
        CloseDate: '2026-12-01',
        Amount: 1000,
        AccountId: h.org.accountIds[0],
      });
      await opp.update({ Id: id as string, StageName: 'Closed Won' });
      await opp.update({ Id: id as string, NextStep: 'Kick-off' }); // still won, amount unchanged: no second notice
      await opp.create({ Name: 'Lost one', StageName: 'Closed Lost', CloseDate: '2026-12-01' });
      await h.emulator.outbound.idle();

      expect(worker.received).toHaveLength(2); // a 500, then the retry
      const [failed, delivered] = worker.received as [Received, Received];
      expect(delivered.body).toBe(failed.body);
      // The flow sends all won deals of a save in one request: {"notices": [...]}.
      const { notices } = JSON.parse(delivered.body) as { notices: Array<Record<string, string>> };
      expect(notices).toHaveLength(1);
      const notice = notices[0]!;
      const row = (await opp.retrieve(id as string)) as unknown as {
        SystemModstamp: string;
        LastModifiedDate: string;
      };
      expect(notice).toEqual({
        reason: 'closed_won',
        orgId: h.org.orgId,
        sobject: 'Opportunity',
        recordId: id,
        stageName: 'Closed Won',
        systemModstamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/),
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(String(notice.systemModstamp) < row.SystemModstamp).toBe(true); // the later edit moved it on
      const timestamp = String(delivered.headers['x-ledgerbridge-timestamp']);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${delivered.body}`).digest('hex');
      expect(delivered.headers['x-ledgerbridge-signature']).toBe(expected);
      expect(h.emulator.outbound.deliveries()).toEqual([
        expect.objectContaining({
          delivered: true,
          attempts: [expect.objectContaining({ status: 500 }), expect.objectContaining({ status: 200 })],
        }),
      ]);
    } finally {
      await worker.close();
    }
  });

  it('notifies for an opportunity created already won, and not for a rolled-back win', async () => {
    h = await startSalesforce();
    const worker = await receiver();
    h.emulator.configureOutbound({ targetUrl: worker.url, secret: 's' });
    try {
      await h.conn.sobject('Opportunity').create(
        [
          { Name: 'Won at birth', StageName: 'Closed Won', CloseDate: '2026-12-01' },
          { Name: 'Invalid', StageName: 'Closed Won' },
        ],
        { allOrNone: true },
      );
      await h.emulator.outbound.idle();
      expect(worker.received).toHaveLength(0);
      const { id } = await h.conn
        .sobject('Opportunity')
        .create({ Name: 'Won at birth', StageName: 'Closed Won', CloseDate: '2026-12-01' });
      await h.emulator.outbound.idle();
      expect(
        worker.received.flatMap((r) =>
          (JSON.parse(r.body) as { notices: Array<{ recordId: string }> }).notices.map((n) => n.recordId),
        ),
      ).toEqual([id]);
    } finally {
      await worker.close();
    }
  });
});
