import { consentFormIn, consentSubmission, type ConsentOption } from './consentForm';

/**
 * What a browser does with a connect link, for the CLI, the benchmarks and tests: follow the
 * redirects from `/oauth/{vendor}/start?ticket=…` through the vendor's consent page back to the
 * callback, keeping cookies as a browser would, since the callback is only accepted from the browser
 * that started. The sandbox's consent approves at once unless there is a choice to make (the Xero
 * sandbox hosting several organisations): then `choose` picks, as the person would, and the form is
 * posted.
 */
export interface ConnectPage {
  status: number;
  /** The page's words, without markup. */
  text: string;
}

/** The consent page asks a choice and no `choose` was given: what it offered. */
export class ConsentChoiceNeededError extends Error {
  override name = 'ConsentChoiceNeededError';

  constructor(readonly offered: ConsentOption[]) {
    super(`the consent page asks which to connect: ${offered.map((o) => `"${o.label}"`).join(', ')}`);
  }
}

export async function followConnectLink(
  startUrl: string,
  options: {
    jar?: CookieJar;
    maxHops?: number;
    timeoutMs?: number;
    choose?: (offered: ConsentOption[]) => ConsentOption[] | Promise<ConsentOption[]>;
  } = {},
): Promise<ConnectPage> {
  const jar = options.jar ?? new CookieJar();
  let url = startUrl;
  let form: URLSearchParams | undefined;
  for (let hop = 0; hop < (options.maxHops ?? 6); hop++) {
    const cookie = jar.headerFor(url);
    const res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      ...(form
        ? {
            method: 'POST',
            body: form.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
          }
        : { headers: cookie ? { cookie } : {} }),
    });
    form = undefined;
    jar.keep(url, res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const consent = res.status === 200 ? consentFormIn(html, url) : undefined;
    if (!consent) return { status: res.status, text: pageText(html) };
    if (!options.choose) throw new ConsentChoiceNeededError(consent.options);
    form = consentSubmission(consent, await options.choose(consent.options));
    url = consent.action;
  }
  throw new Error('too many redirects');
}

type Cookies = Map<string, { value: string; path: string; expiresAt: number }>;

/** Host-only cookies by origin, scoped by path, dropped when they expire: enough for one sign-in. */
export class CookieJar {
  private readonly byOrigin = new Map<string, Cookies>();

  constructor(private readonly now: () => number = Date.now) {}

  keep(url: string, setCookies: string[]): void {
    const { origin } = new URL(url);
    const cookies: Cookies = this.byOrigin.get(origin) ?? new Map();
    this.byOrigin.set(origin, cookies);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      let path = '/';
      let expiresAt = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=', 2);
        if (key.toLowerCase() === 'path' && value.startsWith('/')) path = value;
        if (key.toLowerCase() === 'max-age') expiresAt = this.now() + Number(value) * 1000;
        if (key.toLowerCase() === 'expires' && expiresAt === Number.POSITIVE_INFINITY)
          expiresAt = Date.parse(value);
      }
      if (!(expiresAt > this.now())) cookies.delete(name);
      else cookies.set(name, { value: pair.slice(eq + 1), path, expiresAt });
    }
  }

  /** The Cookie header a browser would send to this URL; undefined when it has none. */
  headerFor(url: string): string | undefined {
    const { origin, pathname } = new URL(url);
    const cookies: Cookies = this.byOrigin.get(origin) ?? new Map();
    const sent = [...cookies.entries()]
      .filter(([, c]) => c.expiresAt > this.now() && pathMatches(pathname, c.path))
      .map(([name, c]) => `${name}=${c.value}`);
    return sent.length > 0 ? sent.join('; ') : undefined;
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) &&
      (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

function pageText(html: string): string {
  return html
    .replace(/^[\s\S]*<body>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
