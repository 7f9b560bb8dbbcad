import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../worker/audit/auditLog';
import { parseKeyring, SecretBox, SecretBoxError } from '../../../worker/connections/secretBox';
import { connectStripeAccount } from '../../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { StripeKeyError } from '../../../worker/connectors/stripe/stripeKeys';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

const API_KEY = `rk_live_${'Qm7Rn6Sp'.repeat(4)}`;
const WEBHOOK_SECRET = 'whsec_abcdefghijklmnopqrstuvwxyz012345';

describe('Stripe connections: sealed per installation', () => {
  let store: Store;
  let accounts: StripeConnections;
  const deps = () => ({
    db: store.db,
    connections: accounts,
    audit: new AuditLog(store.db),
    mode: 'live' as const,
  });

  beforeAll(async () => {
    store = await createTestStore('pglite');
    accounts = new StripeConnections(
      store.db,
      new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
    );
  });
  afterAll(() => store.close());

  it('stores both secrets sealed, opens them again, and audits the hint only', async () => {
    const { id } = await new InstallationStore(store.db).ensure({ slug: 'acme' });
    const connected = await connectStripeAccount(deps(), {
      installation: 'acme',
      apiKey: API_KEY,
      webhookSecret: WEBHOOK_SECRET,
      by: 'ops:alice',
    });
    expect(connected).toEqual({
      installationId: id,
      keyHint: 'rk_live_…n6Sp',
      webhookPath: `/webhooks/stripe/${id}`,
    });

    const row = await store.db
      .selectFrom('stripe_connections')
      .selectAll()
      .where('installation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      livemode: true,
      key_hint: 'rk_live_…n6Sp',
      connected_by: 'ops:alice',
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'stripe_connected')
      .execute();
    expect(audit).toHaveLength(1);
    for (const text of [JSON.stringify(row), JSON.stringify(audit)]) {
      expect(text).not.toContain(API_KEY.slice(8));
      expect(text).not.toContain(WEBHOOK_SECRET.slice(6));
    }

    expect(await accounts.load(id)).toEqual({
      apiKey: API_KEY,
      livemode: true,
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(await accounts.forWebhook(id)).toEqual({
      installationSlug: 'acme',
      status: 'active',
      livemode: true,
      webhookSecret: WEBHOOK_SECRET,
    });
  });

  it("does not open a sealed secret copied onto another installation's row, or into the other column", async () => {
    const { id: victim } = await new InstallationStore(store.db).ensure({ slug: 'victim' });
    const { id: thief } = await new InstallationStore(store.db).ensure({ slug: 'thief' });
    for (const slug of ['victim', 'thief'])
      await connectStripeAccount(deps(), {
        installation: slug,
        apiKey: API_KEY,
        webhookSecret: WEBHOOK_SECRET,
        by: 'test',
      });
    const sealed = await store.db
      .selectFrom('stripe_connections')
      .select(['api_key_sealed', 'webhook_secret_sealed'])
      .where('installation_id', '=', victim)
      .executeTakeFirstOrThrow();

    await store.db
      .updateTable('stripe_connections')
      .set({ webhook_secret_sealed: JSON.stringify(sealed.webhook_secret_sealed) })
      .where('installation_id', '=', thief)
      .execute();
    await expect(accounts.forWebhook(thief)).rejects.toBeInstanceOf(SecretBoxError);

    await store.db
      .updateTable('stripe_connections')
      .set({ webhook_secret_sealed: JSON.stringify(sealed.api_key_sealed) })
      .where('installation_id', '=', victim)
      .execute();
    await expect(accounts.forWebhook(victim)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('refuses a test key when Stripe runs live, an unknown installation, and saves nothing', async () => {
    await new InstallationStore(store.db).ensure({ slug: 'careful' });
    await expect(
      connectStripeAccount(deps(), {
        installation: 'careful',
        apiKey: API_KEY.replace('rk_live_', 'rk_test_'),
        webhookSecret: WEBHOOK_SECRET,
        by: 'test',
      }),
    ).rejects.toThrow(/^apiKey: an rk_test_ key/);
    await expect(
      connectStripeAccount(deps(), {
        installation: 'nobody',
        apiKey: API_KEY,
        webhookSecret: WEBHOOK_SECRET,
        by: 'test',
      }),
    ).rejects.toThrow(StripeKeyError);
    const careful = await new InstallationStore(store.db).requireBySlug('careful');
    expect(await accounts.load(careful.id)).toBeUndefined();
  });
});
