import type { z } from 'zod';
import {
  cardErrorSchema,
  companyCardSchema,
  dealCardSchema,
  resyncAnswerSchema,
  type CompanyCard,
  type DealCard,
  type ResyncAnswer,
} from '../generated/cardData';

/** `hubspot.fetch` (or a test's stand-in): no headers of our own, HubSpot signs the request. */
export type HubspotFetch = (
  url: string,
  options?: { method?: 'GET' | 'POST' | 'PUT'; body?: Record<string, unknown>; timeout?: number },
) => Promise<Response>;

/** The worker as the cards see it: what each card needs, already validated. */
/** Which page of the company card's invoices and payments (1 = the newest). */
export interface CompanyCardPages {
  invoicesPage: number;
  paymentsPage: number;
}

export interface CardDataSource {
  companyCard(companyId: string, pages?: CompanyCardPages): Promise<CompanyCard>;
  dealCard(dealId: string): Promise<DealCard>;
  resyncDeal(dealId: string): Promise<ResyncAnswer>;
}

/** A refusal or failure with the sentence to show the user. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

export function workerDataSource(fetch: HubspotFetch, workerUrl: string): CardDataSource {
  async function call<T>(
    schema: z.ZodType<T>,
    path: string,
    options?: Parameters<HubspotFetch>[1],
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${workerUrl}${path}`, { timeout: 15_000, ...options });
    } catch {
      throw new WorkerError('Ledgerbridge could not be reached. Try again in a moment.', 0, 'unreachable');
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const refusal = cardErrorSchema.safeParse(json);
      throw refusal.success
        ? new WorkerError(refusal.data.message, res.status, refusal.data.error)
        : new WorkerError(`Ledgerbridge answered ${res.status}.`, res.status, 'http_error');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new WorkerError(
        'Ledgerbridge sent an answer this card does not understand.',
        res.status,
        'bad_answer',
      );
    return parsed.data;
  }
  return {
    companyCard: (id, pages) =>
      call(
        companyCardSchema,
        `/hubspot/cards/companies/${encodeURIComponent(id)}${
          pages ? `?invoicesPage=${pages.invoicesPage}&paymentsPage=${pages.paymentsPage}` : ''
        }`,
      ),
    dealCard: (id) => call(dealCardSchema, `/hubspot/cards/deals/${encodeURIComponent(id)}`),
    resyncDeal: (id) =>
      call(resyncAnswerSchema, `/hubspot/cards/deals/${encodeURIComponent(id)}/resync`, {
        method: 'POST',
        body: {},
      }),
  };
}
