import { extensionFetch, SEEDED_USERS } from '../../../sandbox/hubspot';
import type { InvoiceRecord } from '../../../sandbox/xero/model';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import type { Connection } from '../../../worker/connections/connectionStore';
import {
  reviewDecidedSchema,
  reviewListSchema,
  reviewRefusedSchema,
  type ReviewView,
} from '../../../worker/hubspotApp/contracts/contactReviews';
import { registerHubspotReviewRoutes } from '../../../worker/ingress/hubspotReviewRoutes';
import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { registerSalesforceReviewRoutes } from '../../../worker/ingress/salesforceReviewRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { createLogger } from '../../../worker/logger';
import type { ReviewDesk } from '../../../worker/reviews/reviewDesk';
import { reviewDeskFrom } from '../../../worker/reviews/reviewDeskFrom';
import { runOps } from '../../../worker/cli/ops';
import { parseOpsArgs } from '../../../worker/cli/ops/parseOpsArgs';
import { RecordLinks } from '../../../worker/sync/recordLinks';
import { ReviewQueue } from '../../../worker/sync/reviewQueue';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { APP_SECRET, CALLER, startHubspotApp, type HubspotAppHarness } from '../../hubspot/appHarness';
import { freePort } from '../../support/ports';
import { syncActivityDeps } from '../../support/syncDeps';
import { KEYRING, startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

const DEPLOYMENT_SECRET = 'salesforce-callout-secret-for-review-tests';
const SF_USER = '005000000000001AAA';
const MEMBER = Number(SEEDED_USERS.member.id);

/**
 * The contact review queue end to end: an invoice whose contact the match rules cannot link waits;
 * a person decides in Salesforce (org-signed callout) or HubSpot (signed hubspot.fetch); the
 * invoice's workflow on the real Temporal dev server syncs again and the CRM record then holds the
 * invoice, read back through jsforce and @hubspot/api-client against the sandboxes.
 */
describe('contact reviews: a person decides, the waiting syncs resume', () => {
  let env: ThreeSandboxes;
  let hubspotApp: HubspotAppHarness;
  let ingress: Ingress;
  let publicUrl: string;
  let salesforce: Connection;
  let hubspot: Connection;
  let orgId: string;
  let desk: ReviewDesk;
  const clock = { now: Date.now() };

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 2121, contacts: 12, invoices: 60 });
    hubspotApp = await startHubspotApp(env);
    const deps = syncActivityDeps({
      store: env.store,
      keyring: KEYRING,
      urls: {
        xero: env.servers.xero.url,
        salesforce: env.servers.salesforce.url,
        hubspot: env.servers.hubspot.url,
      },
      dispatch: env.dispatch,
    });
    desk = reviewDeskFrom({
      db: env.store.db,
      crmTargets: deps.crmTargets,
      links: new RecordLinks(env.store.db),
      audit: deps.audit,
      dispatchXero: env.dispatch,
    });
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const logger = createLogger('silent');
    ingress = await startIngress({
      host: '127.0.0.1',
      port,
      logger,
      health: {
        store: env.store,
        temporal: { address: 'n/a', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerHubspotReviewRoutes(router, {
            app: hubspotApp.deps,
            clientSecret: APP_SECRET,
            publicUrl,
            logger,
            now: () => clock.now,
            reviews: desk,
          }),
        (router) =>
          registerSalesforceReviewRoutes(router, {
            connections: env.connections,
            installations: new InstallationStore(env.store.db),
            reviews: desk,
            deploymentSecret: DEPLOYMENT_SECRET,
            logger,
            now: () => clock.now,
          }),
      ],
    });
    const all = await env.connections.list();
    salesforce = all.find((c) => c.vendor === 'salesforce')!;
    hubspot = all.find((c) => c.vendor === 'hubspot')!;
    orgId = salesforce.externalId;
  });
  afterAll(async () => {
    await ingress.close();
    await hubspotApp.close();
    await env.close();
  });

  const sf = () => env.sf();
  const hs = () => env.hs();
  const usedContacts = new Set<string>();
  /** An unpaid authorised invoice of a contact no earlier test touched. */
  function freshInvoice(): InvoiceRecord {
    const found = [...env.xero.store.invoices.values()].find(
      (i) =>
        i.tenantId === env.tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        i.paymentIds.length === 0 &&
        !usedContacts.has(i.contactId),
    );
    if (!found) throw new Error('no open invoice of a fresh contact in the seed');
    usedContacts.add(found.contactId);
    return found;
  }
  const contactOf = (invoice: InvoiceRecord) => env.xero.store.contacts.get(invoice.contactId)!;

  /** Hands the invoice to its workflow, as a webhook would, and waits for one more sync. */
  async function sync(invoiceId: string): Promise<void> {
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceId),
    );
    const before = await handle.query(xeroRecordStateQuery).then(
      (s) => s.syncs,
      () => 0,
    );
    await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoiceId,
        change: { eventType: 'UPDATE', eventDateUtc: new Date(clock.now).toISOString(), source: 'webhook' },
      },
    ]);
    await until(`invoice ${invoiceId} synced`, async () => {
      const state = await handle.query(xeroRecordStateQuery);
      if (state.lastError) throw new Error(`sync failed: ${state.lastError}`);
      return state.syncs > before && state.step === 'waiting';
    });
  }

  const sfCallout = (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(clock.now / 1000));
    return fetch(`${ingress.url}/salesforce/reviews${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ledgerbridge-org': orgId,
        'x-ledgerbridge-timestamp': timestamp,
        'x-ledgerbridge-signature': signSalesforceCallout(
          salesforceOrgCalloutSecret(DEPLOYMENT_SECRET, orgId),
          timestamp,
          text,
        ),
      },
      body: text,
    });
  };
  const hsCall = (path: string, options: { body?: Record<string, unknown>; userId?: number } = {}) =>
    extensionFetch({
      url: `${publicUrl}${path}`,
      ...(options.body ? { method: 'POST' as const, body: options.body } : {}),
      caller: { ...CALLER, ...(options.userId ? { userId: options.userId } : {}) },
      clientSecret: APP_SECRET,
      timestamp: clock.now,
    });

  async function sfReviewOf(xeroContactId: string): Promise<ReviewView | undefined> {
    const res = await sfCallout('', { userId: SF_USER });
    expect(res.status).toBe(200);
    return reviewListSchema.parse(await res.json()).reviews.find((r) => r.xeroContact.id === xeroContactId);
  }
  async function invoiceRecords(invoiceId: string) {
    const result = await sf().query<{ Id: string; Account__c: string }>(
      `SELECT Id, Account__c FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${invoiceId}'`,
    );
    return result.records;
  }
  /** Two unlinked Salesforce accounts the name rule finds for the contact: an ambiguous match. */
  async function twoSalesforceAccounts(name: string): Promise<string[]> {
    const made = await sf()
      .sobject('Account')
      .create([{ Name: name }, { Name: `${name} Ltd` }]);
    return made.map((m) => {
      if (!m.success) throw new Error('account not created');
      return m.id;
    });
  }

  it('a review decided in Salesforce resumes the invoice waiting on it: the account then holds the invoice', async () => {
    const invoice = freshInvoice();
    const contact = contactOf(invoice);
    const accounts = await twoSalesforceAccounts(contact.name);
    await sync(invoice.id);
    expect(await invoiceRecords(invoice.id)).toEqual([]);

    const review = await sfReviewOf(contact.id);
    expect(review).toMatchObject({
      reason: 'ambiguous',
      rule: 'name',
      xeroOrganisation: 'Xero org',
      waitingRecords: 1,
      xeroContact: { id: contact.id, name: contact.name },
    });
    expect(review?.candidates.map((c) => c.crmId).sort()).toEqual([...accounts].sort());
    expect(review?.why).toContain('2 Salesforce records have the same name');

    const decided = await sfCallout('/decide', {
      userId: SF_USER,
      reviewId: review!.id,
      decision: 'link',
      crmId: accounts[1],
    });
    expect(decided.status).toBe(200);
    expect(reviewDecidedSchema.parse(await decided.json())).toEqual({
      outcome: 'linked',
      crmId: accounts[1],
      resumed: 1,
    });
    // The resumed sync writes the invoice record under the chosen account, and links the opportunity.
    await until('the invoice record under the chosen account', async () => {
      const [record] = await invoiceRecords(invoice.id);
      return record?.Account__c === accounts[1];
    });
    const opportunity = await sf().query<{ AccountId: string }>(
      `SELECT AccountId FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(opportunity.records[0]?.AccountId).toBe(accounts[1]);
    expect(await sfReviewOf(contact.id)).toBeUndefined();
    const audit = await env.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', '=', 'contact_linked_by_person')
      .where(({ eb, ref }) => eb(ref('subject', '->>').key('xeroContactId'), '=', contact.id))
      .execute();
    expect(audit).toEqual([{ action: 'contact_linked_by_person', actor: `salesforce:${orgId}:${SF_USER}` }]);

    // Deciding it again: closed, with who decided it.
    const again = await sfCallout('/decide', { userId: SF_USER, reviewId: review!.id, decision: 'create' });
    expect(again.status).toBe(409);
    const refused = reviewRefusedSchema.parse(await again.json());
    expect(refused.error).toBe('review_closed');
    expect(refused.message).toContain(
      `was already linked to CRM record ${accounts[1]} by salesforce:${orgId}`,
    );
  });

  it('a review decided in HubSpot resumes the deal waiting on it: the deal is then on the chosen company', async () => {
    const invoice = freshInvoice();
    const contact = contactOf(invoice);
    const companies = await Promise.all(
      [contact.name, `${contact.name} Ltd`].map((name) =>
        hs().crm.companies.basicApi.create({ properties: { name }, associations: [] }),
      ),
    );
    await sync(invoice.id);
    const link = await new RecordLinks(env.store.db).findByXeroId(
      { installationId: hubspot.installationId, crmConnectionId: hubspot.id, xeroTenantId: env.tenantId },
      'invoice',
      invoice.id,
    );
    const dealId = link!.crmRecordId;
    const companiesOfDeal = async () => {
      const deal = await hs().crm.deals.basicApi.getById(dealId, undefined, undefined, ['companies']);
      return (deal.associations?.companies?.results ?? []).map((r) => r.id);
    };
    expect(await companiesOfDeal()).toEqual([]);

    const listed = await hsCall('/hubspot/reviews');
    expect(listed.status).toBe(200);
    const review = reviewListSchema
      .parse(await listed.json())
      .reviews.find((r) => r.xeroContact.id === contact.id);
    expect(review).toMatchObject({ reason: 'ambiguous', waitingRecords: 1 });
    // The Salesforce org sees only its own reviews.
    expect(await sfReviewOf(contact.id)).toBeUndefined();

    // Nor may it decide them: another CRM's review is not found.
    const fromSalesforce = await sfCallout('/decide', {
      userId: SF_USER,
      reviewId: review!.id,
      decision: 'create',
    });
    expect(fromSalesforce.status).toBe(404);

    const chosen = companies[0]!.id;
    const body = { reviewId: review!.id, decision: 'link', crmId: chosen };
    const forbidden = await hsCall('/hubspot/reviews/decide', { body, userId: MEMBER });
    expect(forbidden.status).toBe(403);
    const missing = await hsCall('/hubspot/reviews/decide', {
      body: { reviewId: review!.id, decision: 'link' },
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain('crmId');

    const decided = await hsCall('/hubspot/reviews/decide', { body });
    expect(decided.status).toBe(200);
    expect(reviewDecidedSchema.parse(await decided.json())).toEqual({
      outcome: 'linked',
      crmId: chosen,
      resumed: 1,
    });
    await until('the deal on the chosen company', async () => (await companiesOfDeal()).includes(chosen));
  });

  it('refuses with a clear 409 a decision whose CRM record was linked to another contact meanwhile', async () => {
    const first = freshInvoice();
    const second = freshInvoice();
    const firstAccounts = await twoSalesforceAccounts(contactOf(first).name);
    await twoSalesforceAccounts(contactOf(second).name);
    await sync(first.id);
    await sync(second.id);
    const [a, b] = [await sfReviewOf(contactOf(first).id), await sfReviewOf(contactOf(second).id)];
    const link = (reviewId: string) =>
      sfCallout('/decide', { userId: SF_USER, reviewId, decision: 'link', crmId: firstAccounts[0] });
    expect((await link(a!.id)).status).toBe(200);
    const refused = await link(b!.id);
    expect(refused.status).toBe(409);
    expect(reviewRefusedSchema.parse(await refused.json())).toEqual({
      error: 'review_conflict',
      message: `CRM record ${firstAccounts[0]} is already linked to Xero contact ${contactOf(first).id}; Xero contact "${contactOf(second).name}" (${contactOf(second).id}) cannot also be linked to it.`,
    });
    // Still open, for a better decision.
    expect(await sfReviewOf(contactOf(second).id)).toMatchObject({ id: b!.id });
  });

  it('an ignored contact stays closed through later syncs, and comes back once its Xero details change', async () => {
    const invoice = freshInvoice();
    const contact = contactOf(invoice);
    await twoSalesforceAccounts(contact.name);
    await sync(invoice.id);
    const review = await sfReviewOf(contact.id);
    const noReason = await sfCallout('/decide', {
      userId: SF_USER,
      reviewId: review!.id,
      decision: 'ignore',
    });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { message: string }).message).toContain('reason');
    const ignored = await sfCallout('/decide', {
      userId: SF_USER,
      reviewId: review!.id,
      decision: 'ignore',
      reason: 'a one-off customer, kept out of the CRM',
    });
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ outcome: 'ignored', crmId: null, resumed: 0 });

    await sync(invoice.id);
    expect(await sfReviewOf(contact.id)).toBeUndefined();
    const queue = new ReviewQueue(env.store.db);
    expect((await queue.decisionOf(salesforce.id, contact.id))?.kind).toBe('ignore');

    contact.email = 'accounts-new@example.com';
    contact.updatedAt = clock.now;
    await sync(invoice.id);
    expect(await sfReviewOf(contact.id)).toMatchObject({
      id: review!.id,
      xeroContact: { email: 'accounts-new@example.com' },
      waitingRecords: 1,
    });
  });

  it('ops CLI: `reviews` lists the open reviews, `resolve … create` decides one and resumes its invoice', async () => {
    const invoice = freshInvoice();
    const contact = contactOf(invoice);
    await twoSalesforceAccounts(contact.name);
    await sync(invoice.id);
    const review = await sfReviewOf(contact.id);
    const output: string[] = [];
    const ops = async (...argv: string[]) => {
      output.length = 0;
      await runOps(parseOpsArgs(argv), {
        client: () => Promise.resolve(env.temporal.client),
        db: () => Promise.resolve(env.store.db),
        taskQueue: env.temporal.taskQueue,
        write: (text) => output.push(text),
        reviewDesk: () => Promise.resolve(desk),
      });
      return output.join('');
    };
    const listed = await ops('reviews', '--installation', 'default');
    expect(listed).toContain(
      `${review!.id}  default  Xero org: "${contact.name}" (${contact.id})  ambiguous, 1 waiting`,
    );
    expect(listed).toContain('candidate ');
    await expect(ops('reviews', '--installation', 'no-such-one')).rejects.toThrow(
      'no installation "no-such-one"',
    );
    expect(() => parseOpsArgs(['resolve', review!.id, 'link'])).toThrow('crmId');
    expect(() => parseOpsArgs(['resolve', review!.id, 'ignore'])).toThrow('reason');
    expect(() => parseOpsArgs(['resolve', 'not-a-uuid', 'create'])).toThrow('reviewId');

    const resolved = await ops('resolve', review!.id, 'create');
    expect(resolved).toMatch(/^created \S+; 1 waiting sync resumed \(audited as ops-cli:/);
    const accountId = /^created (\S+);/.exec(resolved)?.[1];
    await until('the invoice record under the created account', async () => {
      const [record] = await invoiceRecords(invoice.id);
      return record?.Account__c === accountId;
    });
    expect(await ops('reviews')).not.toContain(review!.id);
  });
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
