import pino from 'pino';
import { Alerter } from '../../../worker/alerts/alerter';

describe('Alerter', () => {
  const logger = pino({ level: 'silent' });

  it('posts Slack-compatible JSON with the text and fields', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const fakeFetch = (async (url: string, init: { body: string }) => {
      calls.push({ url, body: JSON.parse(init.body) as unknown });
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    await new Alerter({ logger, webhookUrl: 'https://hooks.example/x', fetch: fakeFetch }).send({
      kind: 'connection_needs_reauth',
      text: 'Acme (xero) needs to be reconnected.',
      fields: { vendor: 'xero' },
    });
    expect(calls).toEqual([
      {
        url: 'https://hooks.example/x',
        body: { text: '[Ledgerbridge] Acme (xero) needs to be reconnected.\nvendor: xero' },
      },
    ]);
  });

  it('never throws when the webhook fails or is unreachable', async () => {
    const refusing = (async () => new Response('no', { status: 500 })) as unknown as typeof fetch;
    const failing = (async () => {
      throw new Error('ECONNREFUSED');
    }) as unknown as typeof fetch;
    for (const f of [refusing, failing])
      await expect(
        new Alerter({ logger, webhookUrl: 'https://hooks.example/x', fetch: f }).send({
          kind: 'k',
          text: 't',
        }),
      ).resolves.toBeUndefined();
  });
});
