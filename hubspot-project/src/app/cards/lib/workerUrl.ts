/**
 * Where the worker's ingress is reachable over HTTPS (PUBLIC_BASE_URL). Set with
 * `npm run hubspot:set-worker-url -- <url>`, which also writes it into the app's permitted fetch
 * URLs, redirect URL and webhook target; the project structure test checks all four agree.
 */
export const WORKER_URL = 'https://ledgerbridge.example.com';
