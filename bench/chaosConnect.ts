/**
 * Connects a vendor the way `npm run connect` does: through the worker's `/oauth/<vendor>/start`,
 * following redirects as a browser would (the sandbox's consent pages approve at once), until the
 * worker's page says the account is connected.
 */
export async function connectVendor(
  ingressUrl: string,
  vendor: 'xero' | 'salesforce' | 'hubspot',
): Promise<void> {
  let url = `${ingressUrl}/oauth/${vendor}/start`;
  for (let hop = 0; hop < 6; hop++) {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    if (!res.ok) throw new Error(`connecting ${vendor} failed (${res.status}): ${await res.text()}`);
    return;
  }
  throw new Error(`connecting ${vendor}: too many redirects`);
}
