import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_SALESFORCE_CLIENT, SANDBOX_XERO_CLIENT } from '../sandbox';

/**
 * Which configuration variables hold secrets, so that no start-up message shows their values (a
 * terminal, a CI log or a crash report is not a place for a key), and which secrets are public.
 * By name, so a variable added later is covered too: payload and encryption keys, the codec and
 * metrics tokens, client secrets, webhook keys, API keys; and the URLs that carry credentials.
 */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|_API_KEY$|_KEYS?$/;
const SECRET_URLS = new Set(['DATABASE_URL', 'ALERT_WEBHOOK_URL']);

export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_URLS.has(name);
}

/** `scheme://user:password@host` → `scheme://user:[redacted]@host`. */
function withoutUrlPasswords(text: string): string {
  return text.replace(/(\/\/[^/@\s:]*:)[^/@\s]*@/g, '$1[redacted]@');
}

/** What a problem message may quote of a variable's value: nothing of a secret, no URL's password. */
export function quotableValue(name: string, value: string | undefined): string | undefined {
  return value === undefined || isSecretVariable(name) ? undefined : withoutUrlPasswords(value);
}

/**
 * The pieces of a secret value that may turn up on their own: the whole, each key of a keyring
 * (`id:key,id:key`) and its key material, a URL's password.
 */
function secretFragments(value: string): string[] {
  const whole = value.trim();
  const keys = whole.split(',').map((part) => part.trim());
  const material = keys.map((part) => part.slice(part.indexOf(':') + 1));
  const password = URL.canParse(whole) ? new URL(whole).password : '';
  // Longest first, so a whole is replaced before a part of it; short pieces would hide ordinary words.
  return [...new Set([whole, ...keys, ...material, password, percentDecoded(password)])]
    .filter((piece) => piece.length >= 6)
    .sort((a, b) => b.length - a.length);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The text with every secret variable's value taken out (for messages built from the input). */
export function redactSecretValues(text: string, env: NodeJS.ProcessEnv): string {
  let redacted = text;
  for (const [name, value] of Object.entries(env)) {
    if (!value || !isSecretVariable(name)) continue;
    for (const piece of secretFragments(value)) redacted = redacted.split(piece).join('[redacted]');
  }
  return withoutUrlPasswords(redacted);
}

/** Secrets published in this repository (the sandbox apps'): anyone can sign or sign in with them. */
export const PUBLIC_SANDBOX_SECRETS: ReadonlySet<string> = new Set([
  SANDBOX_XERO_CLIENT.clientSecret,
  SANDBOX_SALESFORCE_CLIENT.clientSecret,
  SANDBOX_HUBSPOT_CLIENT.clientSecret,
]);

/**
 * With a vendor live, a secret variable holding a public sandbox secret would let anyone forge what
 * it protects (a webhook, the codec, a database): one problem per such variable, naming it only.
 */
export function publicSecretProblems(env: NodeJS.ProcessEnv, liveVendors: readonly string[]): string[] {
  if (liveVendors.length === 0) return [];
  return Object.entries(env)
    .filter(([name, value]) => isSecretVariable(name) && value !== undefined)
    .filter(([, value]) => [...PUBLIC_SANDBOX_SECRETS].some((secret) => value?.includes(secret)))
    .map(
      ([name]) =>
        `${name}: holds the public sandbox secret (published in this repository); ` +
        `with ${liveVendors.join(', ')} live, set a secret of your own`,
    );
}
