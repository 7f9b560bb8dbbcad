import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { send } from '../core/http';
import type { SandboxContext } from '../core/server';

/** An authorization request the consent answers: what the code, once approved, is bound to. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge?: string;
  state: string | null;
}

export interface ConsentOrganisation {
  id: string;
  name: string;
}

const CONSENT_TTL_MS = 10 * 60_000;
export const CONSENT_PATH = '/identity/connect/consent';

const decisionSchema = z.object({
  consent: z.string().min(1, 'consent is missing'),
  decision: z.enum(['allow', 'deny'], 'decision must be allow or deny'),
});

/**
 * Xero's consent page: the user picks which of their organisations the app may reach, and the
 * grant (so `GET /connections`) covers only those. The page is a plain form posted back here; the
 * pending request lives server-side under a random ID, answered once. Deny redirects with
 * `access_denied`, as Xero does.
 * https://developer.xero.com/documentation/guides/oauth2/auth-flow/#2-users-are-redirected-to-xero-to-authorize-your-app
 */
export class XeroConsent {
  private readonly pending = new Map<string, AuthorizationRequest & { expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly organisations: () => ConsentOrganisation[],
    private readonly approve: (
      res: ServerResponse,
      request: AuthorizationRequest,
      tenantIds: string[],
    ) => void,
    private readonly deny: (res: ServerResponse, request: AuthorizationRequest) => void,
  ) {}

  reset(): void {
    this.pending.clear();
  }

  /** Shows the page for a request; with one organisation or none there is nothing to choose. */
  ask(res: ServerResponse, request: AuthorizationRequest): void {
    const organisations = this.organisations();
    if (organisations.length <= 1)
      return this.approve(
        res,
        request,
        organisations.map((o) => o.id),
      );
    const id = randomBytes(18).toString('base64url');
    this.pending.set(id, { ...request, expiresAt: this.clock.now() + CONSENT_TTL_MS });
    page(res, 200, id, organisations);
  }

  /** The posted form: `consent`, `decision` (allow|deny), and one `organisation` per box ticked. */
  decide({ res, rawBody }: SandboxContext): void {
    const form = new URLSearchParams(rawBody.toString('utf8'));
    const parsed = decisionSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return send(res, 400, parsed.error.issues.map((i) => i.message).join('; '));
    const request = this.pending.get(parsed.data.consent);
    if (!request || request.expiresAt <= this.clock.now()) {
      this.pending.delete(parsed.data.consent);
      return send(res, 400, 'This consent request has expired or was already answered: start again.');
    }
    if (parsed.data.decision === 'deny') {
      this.pending.delete(parsed.data.consent);
      return this.deny(res, request);
    }
    const organisations = this.organisations();
    const hosted = new Set(organisations.map((o) => o.id));
    const chosen = [...new Set(form.getAll('organisation'))];
    if (chosen.length === 0 || chosen.some((id) => !hosted.has(id)))
      return page(res, 400, parsed.data.consent, organisations, 'Select at least one of your organisations.');
    this.pending.delete(parsed.data.consent);
    this.approve(res, request, chosen);
  }
}

function page(
  res: ServerResponse,
  status: number,
  consentId: string,
  organisations: ConsentOrganisation[],
  error?: string,
): void {
  const boxes = organisations
    .map(
      (o) =>
        `<li><label><input type="checkbox" name="organisation" value="${escape(o.id)}"> ${escape(o.name)}</label></li>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Xero | Allow access</title></head><body>
<h1>Allow access to your Xero organisations</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${CONSENT_PATH}">
<input type="hidden" name="consent" value="${escape(consentId)}">
<fieldset><legend>Select the organisations to connect</legend><ul>
${boxes}
</ul></fieldset>
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
