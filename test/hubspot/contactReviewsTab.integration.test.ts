import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extensionFetch, SEEDED_USERS } from '../../sandbox/hubspot';
import {
  ReviewRefusedError,
  workerContactReviewsSource,
} from '../../hubspot-project/src/app/settings/lib/contactReviewsClient';
import type { ConnectionsFetch } from '../../hubspot-project/src/app/settings/lib/xeroConnectionsClient';
import {
  reviewListSchema,
  type ReviewDecideRequest,
  type ReviewList,
} from '../../worker/hubspotApp/contracts/contactReviews';
import { registerHubspotReviewRoutes } from '../../worker/ingress/hubspotReviewRoutes';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import { createLogger } from '../../worker/logger';
import type { DecideAnswer } from '../../worker/reviews/reviewDesk';
import { freePort } from '../support/ports';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, CALLER, PORTAL, startHubspotApp, type HubspotAppHarness } from './appHarness';

const ADMIN = Number(SEEDED_USERS.admin.id);
const MEMBER = Number(SEEDED_USERS.member.id);
/** The settings tab's own fixture: the worker side answers with the very data the UI tests render. */
const FIXTURE = path.resolve(__dirname, '../../hubspot-project/test/settings/data/contactReviews.json');
const LINKED_ELSEWHERE = '1003';
const CONFLICT = 'Xero contact Contoso Ltd is already linked to HubSpot company 1003 (Contoso Group).';

/**
 * The settings page's Contact reviews tab, its client as the page builds it, against the worker's
 * real routes (`/hubspot/reviews…`) on a real ingress: HubSpot-signed requests, the caller's right to
 * decide read from the HubSpot emulator's users, and a review desk that answers what the contract
 * allows (the desk itself is tested with the store and Temporal in test/worker/reviews). What is held
 * here is the seam: what the tab sends is accepted, and every answer reaches the person as meant.
 */
describe('the HubSpot Contact reviews tab against the worker’s routes', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;
  let ingress: Ingress;
  const decided: Array<{ request: ReviewDecideRequest; by: string }> = [];

  const desk = {
    list: (): Promise<ReviewList> =>
      Promise.resolve(reviewListSchema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown)),
    decide: (_scope: unknown, request: ReviewDecideRequest, by: string): Promise<DecideAnswer> => {
      decided.push({ request, by });
      if (request.crmId === LINKED_ELSEWHERE)
        return Promise.resolve({ status: 409, body: { error: 'review_conflict', message: CONFLICT } });
      const outcome =
        request.decision === 'link' ? 'linked' : request.decision === 'create' ? 'created' : 'ignored';
      return Promise.resolve({
        status: 200,
        body: { outcome, crmId: request.crmId ?? (outcome === 'created' ? '1009' : null), resumed: 2 },
      });
    },
  };

  /** `hubspot.fetch` as HubSpot runs it for the tab: signed, naming the portal and the user. */
  const signedAs =
    (userId: number): ConnectionsFetch =>
    (url, options) =>
      extensionFetch({
        url,
        method: options?.method ?? 'GET',
        ...(options?.body ? { body: options.body } : {}),
        caller: { ...CALLER, userId },
        clientSecret: APP_SECRET,
        timestamp: app.clock.now,
      });
  const tabAs = (userId: number) => workerContactReviewsSource(signedAs(userId), ingress.url);

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 2121, contacts: 1, invoices: 1 });
    app = await startHubspotApp(env);
    const port = await freePort();
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
            app: app.deps,
            clientSecret: APP_SECRET,
            publicUrl: `http://127.0.0.1:${port}`,
            logger,
            now: () => app.clock.now,
            reviews: desk,
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress?.close();
    await app?.close();
    await env?.close();
  });
  beforeEach(() => {
    decided.length = 0;
  });

  it('lists the reviews for anyone with the app', async () => {
    const list = await tabAs(MEMBER).list();
    expect(list.total).toBe(5);
    expect(list.reviews.map((r) => r.xeroContact.name)).toEqual(['Contoso Ltd', 'Fabrikam Trading']);
  });

  it('a settings manager links, creates and ignores; the decision names the HubSpot user', async () => {
    const [contoso, fabrikam] = (await tabAs(ADMIN).list()).reviews;
    await expect(
      tabAs(ADMIN).decide({ reviewId: contoso!.id, decision: 'link', crmId: '1002' }),
    ).resolves.toEqual({ outcome: 'linked', crmId: '1002', resumed: 2 });
    await expect(tabAs(ADMIN).decide({ reviewId: fabrikam!.id, decision: 'create' })).resolves.toEqual({
      outcome: 'created',
      crmId: '1009',
      resumed: 2,
    });
    await expect(
      tabAs(ADMIN).decide({ reviewId: fabrikam!.id, decision: 'ignore', reason: 'A supplier refund' }),
    ).resolves.toMatchObject({ outcome: 'ignored', crmId: null });
    expect(decided.map((d) => [d.request.decision, d.by])).toEqual([
      ['link', `hubspot-user:${PORTAL}:${ADMIN}`],
      ['create', `hubspot-user:${PORTAL}:${ADMIN}`],
      ['ignore', `hubspot-user:${PORTAL}:${ADMIN}`],
    ]);
  });

  it('a contact since linked elsewhere: a ReviewRefusedError carrying the worker’s sentence', async () => {
    const [contoso] = (await tabAs(ADMIN).list()).reviews;
    const err: unknown = await tabAs(ADMIN)
      .decide({ reviewId: contoso!.id, decision: 'link', crmId: LINKED_ELSEWHERE })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReviewRefusedError);
    expect(err).toMatchObject({ code: 'review_conflict', message: CONFLICT });
  });

  it('a user who may not manage settings is refused in words, and nothing is decided', async () => {
    const [contoso] = (await tabAs(MEMBER).list()).reviews;
    const err: unknown = await tabAs(MEMBER)
      .decide({ reviewId: contoso!.id, decision: 'create' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ReviewRefusedError);
    expect((err as Error).message).toMatch(/^Only a super admin of this HubSpot account can change/);
    expect(decided).toEqual([]);
  });

  it('a decision missing its field is refused naming it', async () => {
    const [contoso] = (await tabAs(ADMIN).list()).reviews;
    await expect(tabAs(ADMIN).decide({ reviewId: contoso!.id, decision: 'link' })).rejects.toThrow(/crmId/);
    expect(decided).toEqual([]);
  });
});
