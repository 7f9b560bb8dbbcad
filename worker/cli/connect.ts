import { loadConfig } from '../config';

/**
 * `npm run connect -- <xero|salesforce|hubspot>`: connects an account through the running worker's
 * ingress. Server-side grants (Salesforce, a HubSpot static token) connect at once. Consent flows
 * (Xero, HubSpot OAuth): with the sandbox it completes the consent itself; with a real vendor it
 * prints the URL to open in a browser, where the vendor's consent page takes over.
 */
const VENDORS = ['xero', 'salesforce', 'hubspot'] as const;

async function run(): Promise<void> {
  const vendor = process.argv[2];
  if (!VENDORS.includes(vendor as (typeof VENDORS)[number])) {
    throw new Error(`usage: npm run connect -- <${VENDORS.join('|')}>`);
  }
  const config = loadConfig();
  const base = `http://${config.ingress.host}:${config.ingress.port}`;
  const health = await fetch(`${base}/healthz`).catch(() => undefined);
  if (!health) throw new Error(`the worker is not running at ${base}: start it with npm start`);
  const startUrl = `${config.ingress.publicUrl}/oauth/${vendor}/start`;
  const live = config.vendors[vendor as (typeof VENDORS)[number]].mode === 'live';
  // Follow the redirects as a browser would; the sandbox's consent pages approve at once, a real
  // vendor's need a person.
  let url = `${base}/oauth/${vendor}/start`;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      if (live) {
        process.stdout.write(`Open this URL in a browser and approve access:\n  ${startUrl}\n`);
        return;
      }
      url = location;
      continue;
    }
    const text = (await res.text())
      .replace(/^[\s\S]*<body>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!res.ok) throw new Error(`connect failed (${res.status}): ${text}`);
    process.stdout.write(
      `${text}\nSee them with: npm run connections (after stopping npm start in the embedded mode)\n`,
    );
    return;
  }
  throw new Error('too many redirects');
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
