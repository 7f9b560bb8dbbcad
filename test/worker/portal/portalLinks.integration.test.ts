import { randomUUID } from 'node:crypto';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { PortalLinkKeys } from '../../../worker/portal/portalLinkKeys';
import { PortalLinks } from '../../../worker/portal/portalLinks';
import { parseOpsArgs } from '../../../worker/cli/ops/parseOpsArgs';
import { parsePortalLinksArgs, portalLinksCommand } from '../../../worker/cli/ops/portalLinks';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

const DAY = 86_400_000;
const box = new SecretBox(parseKeyring(`portal:${Buffer.alloc(32, 3).toString('base64')}`));

describe('portal links: issued, verified, expiring and revocable', () => {
  let store: Store;
  let now: number;
  let links: PortalLinks;
  let installationId: string;
  let slug: string;
  const tenant = randomUUID();
  const tokenOf = (url: string) => url.split('/').pop() ?? '';

  beforeAll(async () => {
    store = await createTestStore('pglite');
    slug = `portal-${randomUUID().slice(0, 8)}`;
    installationId = (await new InstallationStore(store.db).ensure({ slug, name: 'Portal' })).id;
  });
  afterAll(() => store.close());
  beforeEach(() => {
    now = Date.UTC(2026, 2, 10, 9, 30);
    links = new PortalLinks({
      db: store.db,
      keys: new PortalLinkKeys(store.db, box),
      publicUrl: 'https://portal.example.com/',
      now: () => now,
    });
  });

  const issue = (contact = randomUUID(), validDays = 30) =>
    links.issue({ installationId, xeroTenantId: tenant, xeroContactId: contact, validDays, purpose: 'test' });

  it('issues a URL under the installation that verifies for its customer until it expires', async () => {
    const contact = randomUUID();
    const link = await issue(contact, 7);
    expect(link.url).toMatch(
      new RegExp(`^https://portal\\.example\\.com/portal/${installationId}/${link.linkId}\\.\\d+\\.`),
    );
    expect(link.expiresAt).toBe(new Date(now + 7 * DAY).toISOString());
    const ok = await links.verify(installationId, tokenOf(link.url));
    expect(ok).toMatchObject({
      ok: true,
      link: { xeroContactId: contact, xeroTenantId: tenant, lastUsedAt: new Date(now) },
    });

    now += 7 * DAY - 1_000;
    expect((await links.verify(installationId, tokenOf(link.url))).ok).toBe(true);
    now += 1_000;
    expect(await links.verify(installationId, tokenOf(link.url))).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuses a tampered token, a token under another installation, and a malformed installation', async () => {
    const link = await issue();
    const token = tokenOf(link.url);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await links.verify(installationId, `${token.slice(0, -1)}${last}`)).toEqual({
      ok: false,
      refusal: 'invalid',
    });
    const other = (
      await new InstallationStore(store.db).ensure({ slug: `other-${randomUUID().slice(0, 8)}` })
    ).id;
    expect(await links.verify(other, token)).toEqual({ ok: false, refusal: 'invalid' });
    expect(await links.verify('not-a-uuid', token)).toEqual({ ok: false, refusal: 'invalid' });
  });

  it('keeps the signing key sealed, bound to its installation', async () => {
    await issue();
    const row = await store.db
      .selectFrom('portal_link_keys')
      .selectAll()
      .where('installation_id', '=', installationId)
      .executeTakeFirstOrThrow();
    expect(Object.keys(row.key_sealed).sort()).toEqual(['data', 'iv', 'kid', 'tag', 'v']);
    // A fresh process (no key in memory) verifies the same links with the stored key.
    const link = await issue();
    const fresh = new PortalLinks({
      db: store.db,
      keys: new PortalLinkKeys(store.db, box),
      publicUrl: 'https://x',
      now: () => now,
    });
    expect((await fresh.verify(installationId, tokenOf(link.url))).ok).toBe(true);
  });

  it('refuses a link after it is revoked, and every link of a customer revoked as one', async () => {
    const one = await issue();
    expect(await links.revoke(installationId, one.linkId, 'ops:test')).toBe(true);
    expect(await links.revoke(installationId, one.linkId, 'ops:test')).toBe(false);
    expect(await links.verify(installationId, tokenOf(one.url))).toEqual({ ok: false, refusal: 'revoked' });

    const customer = randomUUID();
    const [a, b] = [await issue(customer), await issue(customer)];
    const bystander = await issue();
    expect(await links.revokeCustomer(installationId, { xeroContactId: customer }, 'ops:test')).toBe(2);
    for (const link of [a, b])
      expect(await links.verify(installationId, tokenOf(link.url))).toEqual({
        ok: false,
        refusal: 'revoked',
      });
    expect((await links.verify(installationId, tokenOf(bystander.url))).ok).toBe(true);
  });

  it('ops lists live links and revokes by link or by customer', async () => {
    const customer = randomUUID();
    const link = await issue(customer);
    await issue(customer);
    let out = '';
    const ctx = { db: () => Promise.resolve(store.db), write: (t: string) => void (out += t) } as Parameters<
      typeof portalLinksCommand
    >[0];
    // Through the ops CLI's own argument parser, as `npm run ops -- portal-links …` runs it.
    const run = async (...argv: string[]) => {
      const command = parseOpsArgs(['portal-links', ...argv]);
      if (command.name !== 'portal-links') throw new Error(`parsed as ${command.name}`);
      out = '';
      await portalLinksCommand(ctx, command, { by: 'ops:test', now: () => now });
      return out;
    };
    expect(await run('list', slug, '--contact', customer)).toContain(link.linkId);
    expect(await run('revoke', slug, link.linkId)).toBe(`Revoked portal link ${link.linkId}.\n`);
    expect(await run('revoke', slug, '--contact', customer)).toBe(
      `Revoked 1 portal link of contact ${customer}.\n`,
    );
    expect(await run('list', slug, '--contact', customer)).toBe('No live portal links.\n');
    expect(await run('list', slug, '--contact', customer, '--all')).toContain('revoked');
    expect(parsePortalLinksArgs(['revoke', slug], {})).toEqual({
      error: 'portal-links revoke needs a link ID or --contact <xero contact id>',
    });
  });
});
