import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { openStore, type Store } from '../../../worker/store/store';
import { createTestDatabase } from '../../support/stores';

const KEYRING = `stripe-cli:${Buffer.alloc(32, 9).toString('base64')}`;
const ROOT = path.resolve(__dirname, '../../..');
const API_KEY = `rk_test_${'Cli0Key1'.repeat(3)}`;
const WEBHOOK_SECRET = 'whsec_cliSecret0123456789abcdef';

/** `npm run connect:stripe` as people run it: its own process, from config, the secrets on stdin. */
describe('npm run connect:stripe', () => {
  let store: Store;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const url = await createTestDatabase();
    store = await openStore({ kind: 'postgres', url });
    await new InstallationStore(store.db).ensure({ slug: 'cli-stripe' });
    dir = mkdtempSync(path.join(tmpdir(), 'stripe-cli-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      LEDGERBRIDGE_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      LEDGERBRIDGE_ENCRYPTION_KEYS: KEYRING,
      PUBLIC_BASE_URL: 'https://ledgerbridge.example.com',
    };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = (stdin: string, ...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'worker/cli/connectStripe.ts', ...args], {
        cwd: ROOT,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });

  it('seals the key and secret read from stdin and prints the endpoint URL', async () => {
    const result = await connect(
      `${API_KEY}\n${WEBHOOK_SECRET}\n`,
      '--installation',
      'cli-stripe',
      '--by',
      'ops:bob',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const installation = await new InstallationStore(store.db).requireBySlug('cli-stripe');
    expect(result.stdout).toContain('Stripe connected to cli-stripe (rk_test_…Key1)');
    expect(result.stdout).toContain(
      `Webhook endpoint URL: https://ledgerbridge.example.com/webhooks/stripe/${installation.id}`,
    );
    expect(result.stdout).not.toContain(WEBHOOK_SECRET);
    const accounts = new StripeConnections(store.db, new SecretBox(parseKeyring(KEYRING)));
    expect(await accounts.load(installation.id)).toEqual({
      apiKey: API_KEY,
      livemode: false,
      webhookSecret: WEBHOOK_SECRET,
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'stripe_connected')
      .execute();
    expect(audit).toEqual([{ actor: 'ops:bob' }]);
  });

  it('refuses a secret key naming the field, without printing it, and exits 2', async () => {
    const secretKey = `sk_test_${'Secret99'.repeat(3)}`;
    const result = await connect(`${secretKey}\n${WEBHOOK_SECRET}\n`, '--installation', 'cli-stripe');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^apiKey: give a restricted key/);
    expect(result.stderr).not.toContain(secretKey);
  });

  it('refuses a missing --installation with the usage', async () => {
    const result = await connect('', '--by', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run connect:stripe');
  });
});
