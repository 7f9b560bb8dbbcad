import { randomBytes } from 'node:crypto';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { sql } from 'kysely';
import pino from 'pino';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { RefreshService } from '../../../worker/connections/refreshService';
import { parseKeyring, SecretBox, sealedSchema } from '../../../worker/connections/secretBox';
import { openStore, type Store } from '../../../worker/store/store';
import { RotatingVendor } from '../../support/rotatingVendor';
import { createTestDatabase } from '../../support/stores';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/**
 * Runs `hook` once, when the re-encryption has read a connection's sealed credentials under its lock
 * and before it writes them back: the moment a concurrent writer could slip in.
 */
class AfterLockedRead implements KyselyPlugin {
  private fired = false;
  constructor(private readonly hook: () => Promise<void>) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const [row] = args.result.rows;
    // The locked read selects just what re-sealing needs (the peek before the lock reads whole rows).
    if (!this.fired && row && 'credentials_version' in row && !('display_name' in row)) {
      this.fired = true;
      await this.hook();
    }
    return args.result;
  }
}

/** Key rotation against token refresh, on PostgreSQL (two pools, as two processes would have). */
describe('re-encryption of credentials (key rotation)', () => {
  let worker: Store;
  let cli: Store;
  const oldKey = key('old');
  const newKey = key('new');
  const oldBox = new SecretBox(parseKeyring(oldKey));
  const rotatedBox = new SecretBox(parseKeyring(`${newKey},${oldKey}`));

  beforeAll(async () => {
    const url = await createTestDatabase();
    worker = await openStore({ kind: 'postgres', url });
    cli = await openStore({ kind: 'postgres', url }, { migrate: false });
  });
  afterAll(async () => {
    await worker.close();
    await cli.close();
  });

  async function xeroConnection(vendor: RotatingVendor) {
    const connections = new ConnectionStore(worker.db, oldBox);
    const saved = await connections.save({
      vendor: 'xero',
      externalId: `tenant-${randomBytes(4).toString('hex')}`,
      displayName: 'Acme',
      scopes: ['offline_access'],
      tokens: vendor.issue(),
    });
    return { connections, id: saved.id, before: (await connections.readTokens(saved.id)).tokens };
  }
  const sealedKeyId = async (id: string) =>
    sealedSchema.parse(
      (
        await worker.db
          .selectFrom('connections')
          .select('credentials')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).credentials,
    ).kid;

  it('re-seals every credential with the current key, tokens unchanged', async () => {
    const vendor = new RotatingVendor();
    const { id, before } = await xeroConnection(vendor);
    expect(await new ConnectionStore(cli.db, rotatedBox).reencryptAll()).toBeGreaterThanOrEqual(1);
    expect(await sealedKeyId(id)).toBe('new');
    expect((await new ConnectionStore(worker.db, rotatedBox).readTokens(id)).tokens).toEqual(before);
    expect(await new ConnectionStore(cli.db, rotatedBox).reencryptAll()).toBe(0);
  });

  it('keeps a token written between the rotation’s read and its write (version guard)', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, before } = await xeroConnection(vendor);
    const refreshed = vendor.issue();
    // A worker still on the old keyring stores a refreshed token while the rotation holds the old one.
    const rotation = new ConnectionStore(
      cli.db.withPlugin(
        new AfterLockedRead(async () => {
          const { version } = await connections.readTokens(id);
          expect(await connections.replaceTokens(id, version, refreshed)).toBe(true);
        }),
      ),
      rotatedBox,
    );
    await rotation.reencryptAll();

    const after = await new ConnectionStore(worker.db, rotatedBox).readTokens(id);
    expect(after.tokens).toEqual(refreshed);
    expect(after.tokens).not.toEqual(before);
    expect(await sealedKeyId(id)).toBe('new');
  });

  it('a token refresh that starts during the rotation waits for it, then its token is kept (refresh lock)', async () => {
    const vendor = new RotatingVendor(10_000);
    const { id, before } = await xeroConnection(vendor);
    const events: string[] = [];
    const refresh = new RefreshService({
      db: worker.db,
      connections: new ConnectionStore(worker.db, rotatedBox),
      refresherFor: () => ({
        refresh: (connection, tokens) => {
          events.push('vendor refresh');
          return vendor.refresh(connection, tokens);
        },
      }),
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    let refreshing: Promise<unknown> | undefined;
    const rotation = new ConnectionStore(
      cli.db.withPlugin(
        new AfterLockedRead(async () => {
          refreshing = refresh.refresh(id);
          await waitForLockWaiter(worker);
          events.push('rotation read, refresh waiting');
        }),
      ),
      rotatedBox,
    );
    await rotation.reencryptAll();
    events.push('rotation committed');
    await expect(refreshing).resolves.toMatchObject({ outcome: 'refreshed' });

    expect(events).toEqual(['rotation read, refresh waiting', 'rotation committed', 'vendor refresh']);
    const after = await new ConnectionStore(worker.db, rotatedBox).readTokens(id);
    expect(after.tokens.refreshToken).not.toBe(before.refreshToken);
    // The refresh presented the one refresh token it was given: the rotation did not resurrect it.
    expect(vendor.presented).toEqual([before.refreshToken]);
    expect(await sealedKeyId(id)).toBe('new');
  });
});

/** Until another session waits on an advisory lock (the refresh, blocked behind the rotation). */
async function waitForLockWaiter(store: Store, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`.execute(
      store.db,
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session waits on the refresh lock: the refresh did not wait for the rotation');
}
