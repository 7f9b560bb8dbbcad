import { randomBytes, randomUUID } from 'node:crypto';
import type { CanonicalContact } from '../../../workflows/domain/canonical';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import type { AccountPort } from '../../../worker/sync/accountLinker';
import type { CrmWriteResult } from '../../../worker/sync/crmTarget';
import {
  applyPersonDecision,
  LinkConflictError,
  type PersonLinkInput,
} from '../../../worker/sync/personLink';
import { RecordLinks } from '../../../worker/sync/recordLinks';
import { ReviewQueue } from '../../../worker/sync/reviewQueue';
import { createTestStore } from '../../support/stores';

/** An AccountPort that records each write; `linkedOnCrm` plays a CRM link field set before record_links. */
function fakePort(crmConnectionId: string, linkedOnCrm: Map<string, string> = new Map()) {
  const writes: string[] = [];
  let created = 0;
  const result = (recordId: string, isNew: boolean): CrmWriteResult => ({
    recordId,
    created: isNew,
    changes: { Xero_Contact_ID__c: { before: null, after: 'x' } },
  });
  const port: AccountPort = {
    crmConnectionId,
    updateLinked: () => Promise.resolve(undefined),
    candidates: () =>
      Promise.resolve(
        [...linkedOnCrm].map(([crmId, xeroId]): CrmCandidate => ({
          crmId,
          name: crmId,
          linkedXeroContactId: xeroId,
        })),
      ),
    writeLinked: (crmId) => {
      writes.push(`link ${crmId}`);
      return Promise.resolve(result(crmId, false));
    },
    createLinked: () => {
      writes.push('create');
      return Promise.resolve(result(`new-${++created}`, true));
    },
  };
  return { port, writes };
}

const contactOf = (name: string, email?: string): CanonicalContact => ({
  xeroContactId: randomUUID(),
  name,
  ...(email ? { email } : {}),
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('applyPersonDecision: a person links, creates or ignores, once', () => {
  let store: Store;
  let crm: Connection;
  let installationId: string;
  let tenant: string;
  let reviews: ReviewQueue;
  let links: RecordLinks;
  let audit: AuditLog;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
    );
    const installation = await new InstallationStore(store.db).ensure({ slug: 'people' });
    installationId = installation.id;
    tenant = randomUUID();
    const save = (vendor: 'xero' | 'salesforce', externalId: string) =>
      connections.save({
        installationId,
        vendor,
        externalId,
        displayName: externalId,
        scopes: [],
        tokens: { accessToken: 'token' },
      });
    await save('xero', tenant);
    crm = await save('salesforce', '00D000000000042AAA');
    reviews = new ReviewQueue(store.db);
    links = new RecordLinks(store.db);
    audit = new AuditLog(store.db);
  });
  afterAll(() => store.close());

  const input = (contact: CanonicalContact, decision: PersonLinkInput['decision']): PersonLinkInput => ({
    installationId,
    xeroTenantId: tenant,
    contact,
    decision,
    by: 'salesforce:005000000000001AAA',
    source: 'review',
  });
  const auditRows = (xeroContactId: string) =>
    store.db
      .selectFrom('audit_log')
      .selectAll()
      .where(({ eb, ref }) => eb(ref('subject', '->>').key('xeroContactId'), '=', xeroContactId))
      .execute();
  const queue = (contact: CanonicalContact) =>
    reviews.enqueue({
      crmConnectionId: crm.id,
      xeroTenantId: tenant,
      xeroContactId: contact.xeroContactId,
      contactName: contact.name,
      email: contact.email,
      reason: 'ambiguous',
      rule: 'name',
      candidates: [
        { crmId: 'acc-1', name: 'Acme' },
        { crmId: 'acc-2', name: 'Acme Ltd' },
      ],
    });

  it('links, closes the review with the decision, audits once; the same decision again writes nothing', async () => {
    const contact = contactOf('Acme');
    await queue(contact);
    const { port, writes } = fakePort(crm.id);
    const deps = { port, links, reviews, audit };
    await expect(
      applyPersonDecision(deps, input(contact, { kind: 'link', crmId: 'acc-1' })),
    ).resolves.toEqual({
      outcome: 'linked',
      crmId: 'acc-1',
    });
    await expect(
      applyPersonDecision(deps, input(contact, { kind: 'link', crmId: 'acc-1' })),
    ).resolves.toEqual({
      outcome: 'unchanged',
      crmId: 'acc-1',
    });
    expect(writes).toEqual(['link acc-1']);
    const scope = { installationId, crmConnectionId: crm.id, xeroTenantId: tenant };
    expect(await links.findByXeroId(scope, 'contact', contact.xeroContactId)).toMatchObject({
      crmRecordId: 'acc-1',
    });
    const row = await store.db
      .selectFrom('contact_reviews')
      .selectAll()
      .where('xero_contact_id', '=', contact.xeroContactId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      installation_id: installationId,
      decision: 'link',
      decision_crm_id: 'acc-1',
      decision_by: 'salesforce:005000000000001AAA',
    });
    expect(row.resolved_at).toBeInstanceOf(Date);
    const rows = await auditRows(contact.xeroContactId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'contact_linked_by_person',
      actor: 'salesforce:005000000000001AAA',
      detail: expect.objectContaining({ source: 'review', rule: 'person' }),
    });
  });

  it('refuses a link when either side is linked elsewhere, naming both records', async () => {
    const first = contactOf('Globex');
    const second = contactOf('Globex');
    const { port, writes } = fakePort(crm.id);
    const deps = { port, links, reviews, audit };
    await applyPersonDecision(deps, input(first, { kind: 'link', crmId: 'acc-g' }));
    const taken = applyPersonDecision(deps, input(second, { kind: 'link', crmId: 'acc-g' }));
    await expect(taken).rejects.toThrow(LinkConflictError);
    await expect(taken).rejects.toThrow(
      `CRM record acc-g is already linked to Xero contact ${first.xeroContactId}`,
    );
    await expect(applyPersonDecision(deps, input(first, { kind: 'link', crmId: 'acc-h' }))).rejects.toThrow(
      `Xero contact "Globex" (${first.xeroContactId}) is already linked to CRM record acc-g, not acc-h.`,
    );
    // The CRM's own link field counts too.
    const third = contactOf('Initech');
    const other = randomUUID();
    const onCrm = fakePort(crm.id, new Map([['acc-i', other]]));
    await expect(
      applyPersonDecision({ ...deps, port: onCrm.port }, input(third, { kind: 'link', crmId: 'acc-i' })),
    ).rejects.toThrow(`CRM record acc-i is already linked to Xero contact ${other}`);
    expect([...writes, ...onCrm.writes]).toEqual(['link acc-g']);
  });

  it('creates once: the same create again (a re-imported workbook) is unchanged', async () => {
    const contact = contactOf('Hooli');
    const { port, writes } = fakePort(crm.id);
    const deps = { port, links, reviews, audit };
    const made = await applyPersonDecision(deps, {
      ...input(contact, { kind: 'create' }),
      source: 'alignment',
    });
    expect(made).toEqual({ outcome: 'created', crmId: 'new-1' });
    await expect(applyPersonDecision(deps, input(contact, { kind: 'create' }))).resolves.toEqual({
      outcome: 'unchanged',
      crmId: 'new-1',
    });
    expect(writes).toEqual(['create']);
    // A contact linked by a person to an existing record is not given a second one.
    const linked = contactOf('Pied Piper');
    await applyPersonDecision(deps, input(linked, { kind: 'link', crmId: 'acc-p' }));
    await expect(applyPersonDecision(deps, input(linked, { kind: 'create' }))).rejects.toThrow(
      'is already linked to CRM record acc-p; no new record was created.',
    );
  });

  it('an ignored contact stays closed when queued again, and is queued again once its details change', async () => {
    const contact = contactOf('Umbrella', 'ap@umbrella.example');
    await queue(contact);
    const { port, writes } = fakePort(crm.id);
    const deps = { port, links, reviews, audit };
    await expect(
      applyPersonDecision(deps, input(contact, { kind: 'ignore', reason: 'a supplier, not a customer' })),
    ).resolves.toEqual({ outcome: 'ignored' });
    await expect(applyPersonDecision(deps, input(contact, { kind: 'ignore' }))).resolves.toEqual({
      outcome: 'unchanged',
    });
    expect(writes).toEqual([]);
    const isOpen = async () =>
      (await reviews.open(crm.id)).some((r) => r.xero_contact_id === contact.xeroContactId);
    await queue(contact);
    expect(await isOpen()).toBe(false);
    await queue({ ...contact, email: 'billing@umbrella.example' });
    expect(await isOpen()).toBe(true);
    const row = (await reviews.open(crm.id)).find((r) => r.xero_contact_id === contact.xeroContactId);
    expect(row).toMatchObject({ decision: null, contact_email: 'billing@umbrella.example' });
    const rows = await auditRows(contact.xeroContactId);
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['contact_review_ignored', 'salesforce:005000000000001AAA'],
    ]);
  });
  it('lists the oldest open reviews up to a limit, with how many are open in all', async () => {
    const before = await reviews.openFor(installationId, crm.id);
    for (const name of ['Limit One', 'Limit Two', 'Limit Three'])
      await reviews.enqueue({
        crmConnectionId: crm.id,
        xeroTenantId: tenant,
        xeroContactId: randomUUID(),
        contactName: name,
        reason: 'no_match',
        rule: undefined,
        candidates: [],
      });
    const page = await reviews.openFor(installationId, crm.id, before.total + 2);
    expect(page.total).toBe(before.total + 3);
    expect(page.rows).toHaveLength(before.total + 2);
    expect(page.rows.map((r) => r.contact_name).slice(before.total)).toEqual(['Limit One', 'Limit Two']);
  });
});
