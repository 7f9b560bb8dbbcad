import { z } from 'zod';

// Mailpit's API v1, as its swagger (server/ui/api/v1/swagger.json) describes the parts read here.
const address = z.object({ Name: z.string(), Address: z.string() });
const searchAnswer = z.object({
  messages_count: z.number(),
  messages: z.array(z.object({ ID: z.string(), Subject: z.string(), To: z.array(address) })),
});
const messageAnswer = z.object({
  ID: z.string(),
  Subject: z.string(),
  HTML: z.string(),
  Text: z.string(),
  To: z.array(address),
  Attachments: z.array(z.object({ PartID: z.string(), FileName: z.string(), ContentType: z.string() })),
});

export type MailpitMessage = z.infer<typeof messageAnswer>;

/** The messages the app's Mailpit caught, read through its REST API. */
export class MailpitInbox {
  constructor(private readonly apiUrl: string) {}

  /** Summaries of the messages sent to `to` (Mailpit's `to:` search filter), newest first. */
  async sentTo(to: string): Promise<Array<{ ID: string; Subject: string }>> {
    const url = new URL(`${this.apiUrl}/search`);
    url.searchParams.set('query', `to:"${to}"`);
    url.searchParams.set('limit', '200');
    const answer = searchAnswer.parse(await this.json(url));
    // The filter matches substrings: keep exact recipients only.
    return answer.messages.filter((m) => m.To.some((a) => a.Address.toLowerCase() === to.toLowerCase()));
  }

  async message(id: string): Promise<MailpitMessage> {
    return messageAnswer.parse(await this.json(new URL(`${this.apiUrl}/message/${encodeURIComponent(id)}`)));
  }

  /** An attachment's bytes. */
  async part(id: string, partId: string): Promise<Buffer> {
    const url = `${this.apiUrl}/message/${encodeURIComponent(id)}/part/${encodeURIComponent(partId)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`Mailpit ${url} answered ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private async json(url: URL): Promise<unknown> {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`Mailpit ${url.pathname} answered ${res.status}`);
    return res.json();
  }
}

/** The portal link of an invoice e-mail: the href under /portal/, its HTML entities undone. */
export function portalLinkOf(html: string): string | undefined {
  const href = [...html.matchAll(/href="([^"]+)"/g)]
    .map((m) =>
      (m[1] ?? '').replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
    )
    .find((u) => /^https?:\/\/[^/]+\/portal\//.test(u));
  return href;
}
