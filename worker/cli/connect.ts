import { loadConfig } from '../config';

/**
 * `npm run connect -- xero`: connects an account through the running worker's ingress. With the
 * sandbox (no real credentials) it completes the consent itself; with a real vendor it prints the
 * URL to open in a browser, where the vendor's consent page takes over.
 */
const VENDORS = ['xero'] as const;

async function run(): Promise<void> {
  const vendor = process.argv[2];
  if (!VENDORS.includes(vendor as (typeof VENDORS)[number])) {
    throw new Error(
      `usage: npm run connect -- <${VENDORS.join('|')}>  (Salesforce and HubSpot connect flows come with their connectors)`,
    );
  }
  const config = loadConfig();
  const base = `http://${config.ingress.host}:${config.ingress.port}`;
  const health = await fetch(`${base}/healthz`).catch(() => undefined);
  if (!health) throw new Error(`the worker is not running at ${base}: start it with npm start`);
  const startUrl = `${config.ingress.publicUrl}/oauth/${vendor}/start`;
  if (config.vendors.xero.mode === 'live') {
    process.stdout.write(`Open this URL in a browser and approve access:\n  ${startUrl}\n`);
    return;
  }
  // Sandbox: follow the redirects as a browser would; the emulator consents at once.
  let url = `${base}/oauth/${vendor}/start`;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
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
