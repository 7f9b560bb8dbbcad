import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import type { VendorError } from '../errors';
import { classifySalesforceError } from './salesforceErrors';

/**
 * Salesforce's Composite resource: up to 25 subrequests in one API call (at most 5 of them queries
 * or sObject Collections), later ones able to use earlier results through @{referenceId.path}.
 * One call counts once against the org's daily API allowance.
 */
export interface Subrequest {
  referenceId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under /services/data/vXX.X, e.g. `/query?q=…` or `/sobjects/Account/001…`. */
  path: string;
  body?: unknown;
}

const compositeResponseSchema = z.object({
  compositeResponse: z.array(
    z.object({
      referenceId: z.string(),
      httpStatusCode: z.number().int(),
      body: z.unknown(),
    }),
  ),
});

const subrequestErrorsSchema = z.array(
  z.object({ errorCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() }),
);

export interface SubResponse {
  status: number;
  body: unknown;
}

/** Sends the subrequests as one composite request; answers each by its referenceId. */
export async function composite(
  conn: JsforceConnection,
  subrequests: Subrequest[],
  options: { allOrNone: boolean },
): Promise<Map<string, SubResponse>> {
  const base = `/services/data/v${conn.version}`;
  const raw: unknown = await conn.requestPost(`${base}/composite`, {
    allOrNone: options.allOrNone,
    compositeRequest: subrequests.map((s) => ({
      referenceId: s.referenceId,
      method: s.method,
      url: `${base}${s.path}`,
      ...(s.body === undefined ? {} : { body: s.body }),
    })),
  });
  const parsed = compositeResponseSchema.parse(raw);
  return new Map(
    parsed.compositeResponse.map((r) => [r.referenceId, { status: r.httpStatusCode, body: r.body }]),
  );
}

/**
 * A failed subrequest as the VendorError jsforce's own rejection would have become (same codes,
 * same kinds); with allOrNone, the subrequests rolled back because of another's failure say
 * PROCESSING_HALTED, so the first other error is the one that explains the failure.
 */
export function subrequestFailure(responses: Map<string, SubResponse>): VendorError | undefined {
  const failed = [...responses.entries()].filter(([, r]) => r.status >= 400);
  if (failed.length === 0) return undefined;
  const described = failed.map(([referenceId, r]) => {
    const errors = subrequestErrorsSchema.safeParse(r.body);
    const first = errors.success ? errors.data[0] : undefined;
    return { referenceId, status: r.status, first };
  });
  const cause = described.find((d) => d.first && d.first.errorCode !== 'PROCESSING_HALTED') ?? described[0];
  const err = Object.assign(
    new Error(`${cause?.referenceId ?? 'subrequest'}: ${cause?.first?.message ?? `HTTP ${cause?.status}`}`),
    {
      errorCode: cause?.first?.errorCode ?? `HTTP_${cause?.status ?? 400}`,
      fields: cause?.first?.fields ?? [],
    },
  );
  return classifySalesforceError(err);
}
