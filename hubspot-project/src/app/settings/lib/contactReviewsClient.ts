import { z } from 'zod';
import {
  reviewDecidedSchema,
  reviewListSchema,
  reviewRefusedSchema,
  type ReviewDecideRequest,
  type ReviewDecided,
  type ReviewList,
  type ReviewRefused,
} from '../generated/contactReviews';
import type { ConnectionsFetch } from './xeroConnectionsClient';

export interface ContactReviewsSource {
  list(): Promise<ReviewList>;
  /** Throws ReviewRefusedError when the review can no longer be decided that way (409). */
  decide(request: ReviewDecideRequest): Promise<ReviewDecided>;
}

/** The worker's 409: the review is closed or its contact is linked elsewhere; `message` is for the person. */
export class ReviewRefusedError extends Error {
  readonly code: ReviewRefused['error'];
  constructor(refusal: ReviewRefused) {
    super(refusal.message);
    this.name = 'ReviewRefusedError';
    this.code = refusal.error;
  }
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

/** The tab's data: `/hubspot/reviews…` on the worker, answers read with the shared contract. */
export function workerContactReviewsSource(fetch: ConnectionsFetch, workerUrl: string): ContactReviewsSource {
  async function call<T>(schema: z.ZodType<T>, path: string, body?: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${workerUrl}${path}`, {
        timeout: 15_000,
        ...(body ? { method: 'POST' as const, body } : {}),
      });
    } catch {
      throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
    }
    const json = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok) {
      const conflict = res.status === 409 ? reviewRefusedSchema.safeParse(json) : undefined;
      if (conflict?.success) throw new ReviewRefusedError(conflict.data);
      // Any other refusal (not allowed, a field the worker names) carries the sentence to show.
      const refusal = refusalSchema.safeParse(json);
      throw new Error(refusal.success ? refusal.data.message : `Ledgerbridge answered ${res.status}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
    return parsed.data;
  }
  return {
    list: () => call(reviewListSchema, '/hubspot/reviews'),
    decide: (request) => call(reviewDecidedSchema, '/hubspot/reviews/decide', { ...request }),
  };
}
