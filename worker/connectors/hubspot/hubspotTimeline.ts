import type { Client } from '@hubspot/api-client';
import { occurrencesOf, type InvoiceActivity, type TimelineOccurrence } from './hubspotTimelineEvents';

export interface TimelinePostResult {
  eventId: string;
  /** Per occurrence: created now, or already there (HubSpot answered 409 for its id). */
  posted: Array<{ eventTypeName: string; objectId: string; outcome: 'created' | 'exists' }>;
}

/**
 * Posts invoice and payment activity on the deal's and its company's timeline, through the
 * connector's authorized, paced `call`. The SDK (13.x) has no client for the app events API (v4), so
 * the request goes through `apiRequest`. A 409 for the occurrence id means an earlier attempt got
 * there first: done, not a failure.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
 */
export class HubspotTimeline {
  constructor(private readonly deps: { call<T>(fn: (client: Client) => Promise<T>): Promise<T> }) {}

  async post(dealId: string, activity: InvoiceActivity): Promise<TimelinePostResult> {
    const companyId = await this.companyOf(dealId);
    const occurrences = occurrencesOf(activity, { dealId, companyId });
    const posted: TimelinePostResult['posted'] = [];
    for (const occurrence of occurrences)
      posted.push({
        eventTypeName: occurrence.eventTypeName,
        objectId: occurrence.objectId,
        outcome: await this.send(occurrence),
      });
    return { eventId: occurrences[0]?.id ?? '', posted };
  }

  private async companyOf(dealId: string): Promise<string | undefined> {
    const deal = await this.deps.call((client) =>
      client.crm.deals.basicApi.getById(dealId, [], undefined, ['companies']),
    );
    return deal.associations?.companies?.results[0]?.id;
  }

  private send(occurrence: TimelineOccurrence): Promise<'created' | 'exists'> {
    return this.deps.call(async (client) => {
      const res = await client.apiRequest({
        method: 'POST',
        path: '/integrators/timeline/v4/events',
        body: occurrence,
      });
      if (res.status === 409) return 'exists';
      if (res.ok) return 'created';
      const body: unknown = await res.json().catch(() => undefined);
      // apiRequest resolves on any status: thrown in the SDK's shape, it is classified like the rest.
      throw { code: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
    });
  }
}
