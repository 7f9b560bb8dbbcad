import type { ConnectionsFetch } from '../../src/app/settings/lib/xeroConnectionsClient';
import {
  ReviewRefusedError,
  workerContactReviewsSource,
} from '../../src/app/settings/lib/contactReviewsClient';

function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; method: string | undefined; body: unknown }> = [];
  const fetch: ConnectionsFetch = (url, options) => {
    calls.push({ url, method: options?.method, body: options?.body });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch, calls };
}

const REVIEW_ID = '3b7e1c52-9d4a-4f0e-8a61-2c5d7e9f1a01';

describe('the contact reviews client', () => {
  it('lists with GET and decides with POST, validating each answer', async () => {
    const listed = fakeFetch(200, { reviews: [], total: 0 });
    expect(await workerContactReviewsSource(listed.fetch, 'https://lb.example.com').list()).toEqual({
      reviews: [],
      total: 0,
    });
    expect(listed.calls).toEqual([
      { url: 'https://lb.example.com/hubspot/reviews', method: undefined, body: undefined },
    ]);

    const decided = fakeFetch(200, { outcome: 'linked', crmId: '1002', resumed: 2 });
    const request = { reviewId: REVIEW_ID, decision: 'link' as const, crmId: '1002' };
    expect(await workerContactReviewsSource(decided.fetch, 'https://lb.example.com').decide(request)).toEqual(
      {
        outcome: 'linked',
        crmId: '1002',
        resumed: 2,
      },
    );
    expect(decided.calls).toEqual([
      { url: 'https://lb.example.com/hubspot/reviews/decide', method: 'POST', body: request },
    ]);
  });

  it('a 409 becomes a ReviewRefusedError with its code and sentence', async () => {
    const message = 'Xero contact Contoso Ltd is already linked to HubSpot company 1003.';
    const refused = fakeFetch(409, { error: 'review_conflict', message });
    const failure = workerContactReviewsSource(refused.fetch, 'https://x')
      .decide({ reviewId: REVIEW_ID, decision: 'create' })
      .catch((err: unknown) => err);
    const err = await failure;
    expect(err).toBeInstanceOf(ReviewRefusedError);
    expect(err).toMatchObject({ code: 'review_conflict', message });
  });

  it('any other refusal becomes its sentence; an unreadable answer or an unreachable worker a clear error', async () => {
    const forbidden = fakeFetch(403, {
      error: 'not_allowed',
      message: 'Only a settings manager can decide.',
    });
    const decision = { reviewId: REVIEW_ID, decision: 'create' as const };
    await expect(workerContactReviewsSource(forbidden.fetch, 'https://x').decide(decision)).rejects.toThrow(
      'Only a settings manager can decide.',
    );
    const bad = fakeFetch(400, { error: 'invalid_request', message: 'crmId: crmId is required to link' });
    await expect(
      workerContactReviewsSource(bad.fetch, 'https://x').decide(decision),
    ).rejects.not.toBeInstanceOf(ReviewRefusedError);
    const garbled = fakeFetch(200, { reviews: [{ id: 'nope' }], total: 1 });
    await expect(workerContactReviewsSource(garbled.fetch, 'https://x').list()).rejects.toThrow(
      'Ledgerbridge sent an answer this page does not understand.',
    );
    const down: ConnectionsFetch = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(workerContactReviewsSource(down, 'https://x').list()).rejects.toThrow(
      'Ledgerbridge could not be reached. Try again in a moment.',
    );
  });
});
