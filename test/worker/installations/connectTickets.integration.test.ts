import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { issueOperatorTicket } from '../../../worker/installations/operatorTickets';
import type { Store } from '../../../worker/store/store';
import { testTickets } from '../../support/connectTickets';
import { createTestStore, STORE_KINDS } from '../../support/stores';

/** The connect ticket store: single use, short-lived, one installation and vendor, audited without the ticket. */
describe.each(STORE_KINDS)('connect tickets on %s', (kind) => {
  let store: Store;
  let installation: Installation;
  let clock: Date;
  const now = () => clock;

  beforeEach(async () => {
    store = await createTestStore(kind);
    installation = await new InstallationStore(store.db).ensure({ slug: 'customer-a' });
    clock = new Date('2026-11-02T09:00:00Z');
  });
  afterEach(() => store.close());

  const issue = (vendor: 'xero' | 'hubspot' = 'xero') =>
    testTickets(store.db, now).issue({
      installationId: installation.id,
      vendor,
      issuedTo: 'hubspot:606060:42',
    });

  it('issues a random ticket, keeps only its hash, and redeems it once for its installation', async () => {
    const issued = await issue();
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAt).toEqual(new Date('2026-11-02T09:10:00Z'));
    expect((await issue()).ticket).not.toBe(issued.ticket);

    const tickets = testTickets(store.db, now);
    await expect(tickets.redeem(issued.ticket, 'xero')).resolves.toEqual({
      ok: true,
      ticketId: issued.ticketId,
      target: { installationId: installation.id },
      issuedTo: 'hubspot:606060:42',
    });
    await expect(tickets.redeem(issued.ticket, 'xero')).resolves.toEqual({ ok: false, reason: 'used' });

    const rows = await store.db.selectFrom('connect_tickets').selectAll().execute();
    const audit = await store.db.selectFrom('audit_log').selectAll().orderBy('occurred_at').execute();
    expect(JSON.stringify([rows, audit])).not.toContain(issued.ticket);
    expect(rows.find((r) => r.id === issued.ticketId)?.used_at).toEqual(clock);
    const ofTicket = audit.filter((a) => a.subject.ticketId === issued.ticketId);
    expect(ofTicket.map((a) => [a.action, a.outcome, a.actor, a.detail.reason ?? null])).toEqual([
      ['connect_ticket_issued', 'succeeded', 'hubspot:606060:42', null],
      ['connect_ticket_redeemed', 'succeeded', 'hubspot:606060:42', null],
      ['connect_ticket_redeemed', 'failed', 'hubspot:606060:42', 'used'],
    ]);
    expect(ofTicket[0]?.subject).toEqual({
      installationId: installation.id,
      vendor: 'xero',
      ticketId: issued.ticketId,
    });
  });

  it('refuses an expired ticket, one for another vendor (which stays usable), and an unknown one', async () => {
    const tickets = testTickets(store.db, now);
    const stale = await issue();
    clock = new Date(clock.getTime() + 10 * 60_000);
    await expect(tickets.redeem(stale.ticket, 'xero')).resolves.toEqual({ ok: false, reason: 'expired' });

    const forHubspot = await issue('hubspot');
    await expect(tickets.redeem(forHubspot.ticket, 'xero')).resolves.toEqual({
      ok: false,
      reason: 'other_vendor',
    });
    await expect(tickets.redeem(forHubspot.ticket, 'hubspot')).resolves.toMatchObject({ ok: true });

    await expect(tickets.redeem('A'.repeat(43), 'xero')).resolves.toEqual({ ok: false, reason: 'unknown' });
    await expect(tickets.redeem('not a ticket', 'xero')).resolves.toEqual({ ok: false, reason: 'unknown' });
  });

  it('of ten redemptions at once, exactly one wins', async () => {
    const { ticket } = await issue();
    const tickets = testTickets(store.db, now);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => tickets.redeem(ticket, 'xero')));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(9).fill({ ok: false, reason: 'used' }));
  });

  it('issues an install ticket for a CRM only, naming no installation, redeemed as an install', async () => {
    const tickets = testTickets(store.db, now);
    await expect(
      tickets.issue({ newInstallation: { name: null }, vendor: 'xero', issuedTo: 'cli' }),
    ).rejects.toThrow(/Xero organisation joins an existing installation/);
    const issued = await tickets.issue({
      newInstallation: { name: null },
      vendor: 'hubspot',
      issuedTo: 'cli',
    });
    const row = await store.db
      .selectFrom('connect_tickets')
      .selectAll()
      .where('id', '=', issued.ticketId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ installation_id: null, new_installation_name: null });
    await expect(tickets.redeem(issued.ticket, 'hubspot')).resolves.toEqual({
      ok: true,
      ticketId: issued.ticketId,
      target: { newInstallation: { name: null } },
      issuedTo: 'cli',
    });
    await expect(tickets.redeem(issued.ticket, 'hubspot')).resolves.toEqual({ ok: false, reason: 'used' });
    const audit = await store.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.find((a) => a.subject.ticketId === issued.ticketId)?.detail).toMatchObject({
      newInstallation: true,
    });
  });

  it("issues the operator's ticket into the default installation, making it (or a named one) when missing", async () => {
    const installations = new InstallationStore(store.db);
    const deps = { installations, tickets: testTickets(store.db, now) };
    const first = await issueOperatorTicket(deps, { vendor: 'salesforce' });
    expect(first.installation).toMatchObject({ slug: 'default', created: true });
    expect((await installations.requireBySlug('default')).name).toBe('Default installation');
    expect((await issueOperatorTicket(deps, { vendor: 'xero' })).installation?.created).toBe(false);
    const named = await issueOperatorTicket(deps, { vendor: 'xero', installation: 'customer-a' });
    expect(named.installation).toEqual({ id: installation.id, slug: 'customer-a', created: false });
    await expect(deps.tickets.redeem(named.ticket, 'xero')).resolves.toMatchObject({
      target: { installationId: installation.id },
      issuedTo: 'cli',
    });
  });
});
