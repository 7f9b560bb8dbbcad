import { TransientMailError } from '../../../../worker/delivery/mail/mailErrors';
import {
  MailpitSentMessageCheck,
  unknownOutcomeCheck,
} from '../../../../worker/delivery/mail/sentMessageChecks';

/**
 * A stand-in for Mailpit's GET /api/v1/search, answering the shape of its MessagesSummary
 * (server/apiv1/messages.go) and matching `message-id:` as Mailpit does: a case-insensitive
 * substring (internal/storage/search.go, `MessageID LIKE %…%`), so near-misses come back too.
 */
function fakeMailpit(stored: string[]) {
  const asked: URL[] = [];
  const fetchImpl = (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    asked.push(url);
    if (url.pathname !== '/api/v1/search') return Promise.resolve(new Response('not found', { status: 404 }));
    const term = (url.searchParams.get('query') ?? '').replace(/^message-id:/, '').toLowerCase();
    const hits = stored.filter((id) => id.toLowerCase().includes(term));
    const start = Number(url.searchParams.get('start') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const page = hits
      .slice(start, start + limit)
      .map((id, i) => ({ ID: `db-${start + i}`, MessageID: id, Subject: 's' }));
    return Promise.resolve(
      Response.json({
        total: stored.length,
        unread: 0,
        messages_count: hits.length,
        start,
        tags: [],
        messages: page,
      }),
    );
  };
  return { fetchImpl: fetchImpl as typeof fetch, asked };
}

describe('MailpitSentMessageCheck', () => {
  const id = '<invoice.0123456789abcdef0123456789abcdef@acme.example>';

  it('finds a Message-ID by its exact value, not a longer one that contains it', async () => {
    const near = fakeMailpit(['x.invoice.0123456789abcdef0123456789abcdef@acme.example.org']);
    expect(await new MailpitSentMessageCheck('http://127.0.0.1:4126', near.fetchImpl).wasSent(id)).toBe(
      false,
    );
    const exact = fakeMailpit(['invoice.0123456789abcdef0123456789abcdef@acme.example']);
    expect(await new MailpitSentMessageCheck('http://127.0.0.1:4126/', exact.fetchImpl).wasSent(id)).toBe(
      true,
    );
    expect(exact.asked[0]?.searchParams.get('query')).toBe(
      'message-id:invoice.0123456789abcdef0123456789abcdef@acme.example',
    );
  });

  it('reads past the first page of substring hits', async () => {
    const bare = id.slice(1, -1);
    const mailpit = fakeMailpit([...Array.from({ length: 60 }, (_, i) => `${i}${bare}`), bare]);
    const check = new MailpitSentMessageCheck('http://127.0.0.1:4126/api/v1', mailpit.fetchImpl);
    expect(await check.wasSent(id)).toBe(true);
    expect(mailpit.asked.map((url) => url.searchParams.get('start'))).toEqual(['0', '50']);
  });

  it('throws a retryable error when Mailpit cannot be asked, rather than guessing', async () => {
    const down = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    await expect(new MailpitSentMessageCheck('http://127.0.0.1:1', down).wasSent(id)).rejects.toBeInstanceOf(
      TransientMailError,
    );
    const odd = (() => Promise.resolve(Response.json({ nope: true }))) as typeof fetch;
    await expect(new MailpitSentMessageCheck('http://127.0.0.1:1', odd).wasSent(id)).rejects.toThrow(
      /unexpected answer/,
    );
  });

  it('a live SMTP server cannot say', async () => {
    expect(await unknownOutcomeCheck.wasSent(id)).toBe('unknown');
  });
});
