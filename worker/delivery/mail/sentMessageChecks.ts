import { z } from 'zod';
import { TransientMailError } from './mailErrors';

/**
 * Asks the mail server whether a message with this Message-ID arrived: how a retry settles a send
 * whose outcome was lost (the worker died between the server's 250 and recording it). `unknown`:
 * the server cannot say (a live SMTP server has no such API), and the message is sent again.
 * A check that cannot be asked right now throws, and the send is retried later.
 */
export interface SentMessageCheck {
  readonly name: string;
  wasSent(messageId: string): Promise<boolean | 'unknown'>;
}

/** A live SMTP server: nothing to ask. */
export const unknownOutcomeCheck: SentMessageCheck = {
  name: 'none (live SMTP)',
  wasSent: () => Promise.resolve('unknown'),
};

/** The bare id, as Mailpit stores it (angle brackets trimmed). */
export const bareMessageId = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');

// Mailpit's GET /api/v1/search answer (server/apiv1/messages.go MessagesSummary, storage.MessageSummary).
const searchAnswerSchema = z.object({
  messages_count: z.number(),
  messages: z.array(z.object({ ID: z.string(), MessageID: z.string() })),
});

const PAGE = 50;

/**
 * Mailpit (the sandbox's mail catcher), over its HTTP API: `message-id:` search (a substring match,
 * https://mailpit.axllent.org/docs/usage/search-filters/), then the exact Message-ID among the hits.
 * `baseUrl` is Mailpit's web root (http://127.0.0.1:4126), with or without `/api/v1`.
 */
export class MailpitSentMessageCheck implements SentMessageCheck {
  readonly name = 'mailpit';
  private readonly apiBase: string;

  constructor(
    baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 5_000,
  ) {
    this.apiBase = `${baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
  }

  async wasSent(messageId: string): Promise<boolean> {
    const wanted = bareMessageId(messageId);
    for (let start = 0; ; start += PAGE) {
      const url = new URL(`${this.apiBase}/search`);
      url.searchParams.set('query', `message-id:${wanted}`);
      url.searchParams.set('start', String(start));
      url.searchParams.set('limit', String(PAGE));
      let answer: unknown;
      try {
        const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        answer = await response.json();
      } catch (err) {
        throw new TransientMailError(
          `Mailpit search failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const page = searchAnswerSchema.safeParse(answer);
      if (!page.success) throw new TransientMailError('Mailpit search: unexpected answer');
      if (page.data.messages.some((m) => m.MessageID === wanted)) return true;
      if (page.data.messages.length < PAGE || start + PAGE >= page.data.messages_count) return false;
    }
  }
}
