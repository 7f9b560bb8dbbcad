import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The Mailpit binary npm test's setup built (MAILPIT_PATH), else setup finds or builds it now. */
export function mailpitPath(): string {
  if (process.env.MAILPIT_PATH) return process.env.MAILPIT_PATH;
  return execFileSync('node', [path.resolve(__dirname, '../../scripts/setup.mjs'), '--mailpit-path'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
