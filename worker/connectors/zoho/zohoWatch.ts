import { recordError, statusOf } from './zohoErrors';
import type { ZohoHttp } from './zohoHttp';
import {
  parseAnswer,
  zohoWatchActionAnswer,
  zohoWatchEventsDetails,
  zohoWatchListAnswer,
  type ZohoWatchEntry,
} from './zohoSchemas';

/**
 * Zoho's notification channels (`/crm/v8/actions/watch`): a channel sends Zoho's callback to
 * `notifyUrl` when records of its events' modules change (`Deals.all`, `Accounts.edit`…), until
 * `channel_expiry`, at most a week ahead (none, or further, and Zoho makes it one hour). A Schedule
 * renews channels before they lapse. https://www.zoho.com/crm/developer/docs/api/v8/notifications/enable.html
 */
export interface ZohoWatchChannel {
  /** Digits (Zoho's channel ids are longs). */
  channelId: string;
  events: readonly string[];
  notifyUrl: string;
  /** Echoed in every callback (≤ 50 characters): how the receiver knows the callback is ours. */
  token?: string;
  expiresAt: Date;
}

export interface ZohoWatchResult {
  channelId: string;
  /** Each watched module's expiry as Zoho set it (it may shorten what was asked). */
  modules: Array<{ module: string; expiresAt: Date }>;
}

export class ZohoWatchApi {
  constructor(private readonly http: ZohoHttp) {}

  /** POST: subscribes the channel (adding events to it if it exists). */
  enable(channel: ZohoWatchChannel): Promise<ZohoWatchResult> {
    return this.write('POST', channel);
  }

  /** PATCH with every detail: moves the expiry on, and stands the channel up again if it lapsed. */
  renew(channel: ZohoWatchChannel): Promise<ZohoWatchResult> {
    return this.write('PATCH', channel);
  }

  /** DELETE: unsubscribes; a channel already gone counts as done. */
  async disable(channelIds: readonly string[]): Promise<void> {
    const reply = await this.http.send({
      method: 'DELETE',
      path: '/actions/watch',
      query: { channel_ids: channelIds.join(',') },
      perRecordKey: 'watch',
    });
    const answer = parseAnswer(zohoWatchActionAnswer, reply.body, 'watch disable');
    const failed = answer.watch.findIndex((s) => s.status === 'error' && s.code !== 'NOT_SUBSCRIBED');
    const status = answer.watch[failed];
    if (status) throw recordError(status, failed);
  }

  /** The org's live channels (one entry per channel and module). */
  async list(filter: { channelId?: string; module?: string } = {}): Promise<ZohoWatchEntry[]> {
    const reply = await this.http.send({
      method: 'GET',
      path: '/actions/watch',
      query: { channel_id: filter.channelId, module: filter.module },
    });
    if (reply.status === 204) return [];
    return parseAnswer(zohoWatchListAnswer, reply.body, 'watch list').watch;
  }

  private async write(method: 'POST' | 'PATCH', channel: ZohoWatchChannel): Promise<ZohoWatchResult> {
    const reply = await this.http.send({
      method,
      path: '/actions/watch',
      body: {
        watch: [
          {
            channel_id: channel.channelId,
            events: channel.events,
            notify_url: channel.notifyUrl,
            ...(channel.token !== undefined ? { token: channel.token } : {}),
            channel_expiry: zohoDateTime(channel.expiresAt),
          },
        ],
      },
      perRecordKey: 'watch',
    });
    const [status] = parseAnswer(zohoWatchActionAnswer, reply.body, `watch ${method}`).watch;
    if (!status || status.status === 'error') throw recordError(status ?? statusOf(reply.body) ?? unknown, 0);
    const details = parseAnswer(zohoWatchEventsDetails, status.details, `watch ${method} details`);
    return {
      channelId: channel.channelId,
      modules: details.events.map((e) => ({
        module: e.resource_name,
        expiresAt: new Date(e.channel_expiry),
      })),
    };
  }
}

const unknown = { code: 'UNKNOWN', status: 'error' as const, details: {}, message: 'no status' };

/** Zoho's datetime form, `2026-01-31T13:00:00+00:00` (seconds, an offset, no milliseconds). */
export function zohoDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
