import { randomBytes, randomUUID } from 'node:crypto';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { connectOrderEndpoint, OrderEndpointError } from '../../../worker/orders/connectOrderEndpoint';
import { OrderEndpoints, sha256Hex } from '../../../worker/orders/orderEndpoints';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/** An installation's order endpoint: set up against its Xero organisation, secrets sealed, rotated. */
let store: Store;
let box: SecretBox;
beforeEach(async () => {
  store = await createTestStore('pglite');
  box = new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`));
});
afterEach(() => store.close());

async function installationWith(tenants: string[]) {
  const installation = await new InstallationStore(store.db).ensure({
    slug: `shop-${randomBytes(3).toString('hex')}`,
  });
  const connections = new ConnectionStore(store.db, box);
  for (const tenant of tenants)
    await connections.save({
      vendor: 'xero',
      externalId: tenant,
      displayName: tenant,
      scopes: ['accounting.transactions'],
      tokens: { accessToken: 'a', refreshToken: 'r' },
      installationId: installation.id,
    });
  const deps = {
    installations: new InstallationStore(store.db),
    connections,
    endpoints: new OrderEndpoints(store.db, box),
    audit: new AuditLog(store.db),
  };
  return { installation, deps };
}

it('uses the only Xero organisation, seals the secret, keeps only the token hash, and audits without secrets', async () => {
  const tenant = randomUUID();
  const { installation, deps } = await installationWith([tenant]);
  const issued = await connectOrderEndpoint(deps, {
    installation: installation.slug,
    customerServiceEmail: 'service@shop.example',
    by: 'jest',
  });
  expect(issued).toMatchObject({ xeroTenantId: tenant, path: `/orders/${installation.id}` });
  const row = await store.db.selectFrom('order_endpoints').selectAll().executeTakeFirstOrThrow();
  const stored = JSON.stringify(row);
  expect(stored).not.toContain(issued.signingSecret);
  expect(stored).not.toContain(issued.token);
  expect(row.token_sha256).toBe(sha256Hex(issued.token));
  const audit = JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute());
  expect(audit).toContain('order_endpoint_issued');
  expect(audit).not.toContain(issued.signingSecret);
  expect(await deps.endpoints.forIntake(installation.id)).toMatchObject({
    signingSecrets: [issued.signingSecret],
    customerServiceEmail: 'service@shop.example',
  });
});

it('re-issuing keeps the previous signing secret valid (a shop switching over) but not the previous token', async () => {
  const { installation, deps } = await installationWith([randomUUID()]);
  const input = { installation: installation.slug, customerServiceEmail: 'cs@shop.example', by: 'jest' };
  const first = await connectOrderEndpoint(deps, input);
  const second = await connectOrderEndpoint(deps, input);
  const auth = await deps.endpoints.forIntake(installation.id);
  expect(auth?.signingSecrets).toEqual([second.signingSecret, first.signingSecret]);
  expect(auth?.tokenSha256).toBe(sha256Hex(second.token));
  // A third issue drops the first secret.
  const third = await connectOrderEndpoint(deps, input);
  expect((await deps.endpoints.forIntake(installation.id))?.signingSecrets).toEqual([
    third.signingSecret,
    second.signingSecret,
  ]);
});

it('refuses without one Xero organisation to invoice in, or with a bad address, naming the option', async () => {
  const two = await installationWith([randomUUID(), randomUUID()]);
  await expect(
    connectOrderEndpoint(two.deps, {
      installation: two.installation.slug,
      customerServiceEmail: 'cs@shop.example',
      by: 'j',
    }),
  ).rejects.toThrow(/xero-tenant: name one/);
  const none = await installationWith([]);
  await expect(
    connectOrderEndpoint(none.deps, {
      installation: none.installation.slug,
      customerServiceEmail: 'cs@shop.example',
      by: 'j',
    }),
  ).rejects.toThrow(/no Xero organisation/);
  await expect(
    connectOrderEndpoint(none.deps, {
      installation: none.installation.slug,
      customerServiceEmail: 'not-an-address',
      by: 'j',
    }),
  ).rejects.toBeInstanceOf(OrderEndpointError);
  expect(await store.db.selectFrom('order_endpoints').selectAll().execute()).toEqual([]);
});
