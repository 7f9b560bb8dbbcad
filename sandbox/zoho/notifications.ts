import type { Clock } from '../core/clock';
import type { WebhookDelivery, WebhookSender } from '../core/webhookSender';
import { sandboxApiDomain } from './dataCentres';
import { zohoStatus, type ZohoStatus } from './errors';
import { moduleDef } from './modules';
import { OPERATIONS, validEvent, watchItem } from './watchEvents';
import { zohoDateTime, type ZohoOrg } from './org';
import type { RecordChange } from './recordWrites';

/**
 * Notification channels (`/crm/v8/actions/watch`), as the SDK's notifications package models them
 * (Notification, Event, SuccessResponse): a channel is an org's `channel_id` with `events` such
 * as `Deals.all` or `Accounts.edit`, a `notify_url`, an optional `token` (≤ 50 characters) and
 * a `channel_expiry`. v8 allows at most a week ahead; none given, or beyond that, means one hour
 * (https://www.zoho.com/crm/developer/docs/api/v8/notifications/enable.html). On a change the
 * emulator POSTs Zoho's callback body to the notify URL; an expired channel sends nothing.
 */
export interface WatchChannel {
  orgId: string;
  channelId: string;
  events: string[];
  notifyUrl: string;
  token: string | null;
  expiresAt: number;
  notifyOnRelatedAction: boolean;
}

export interface NotificationBody {
  server_time: number;
  query_params: Record<string, string>;
  module: string;
  resource_uri: string;
  ids: string[];
  affected_fields: Array<Record<string, string[]>>;
  operation: 'insert' | 'update' | 'delete';
  channel_id: string;
  token: string | null;
}

export interface SentNotification {
  orgId: string;
  channelId: string;
  body: NotificationBody;
  delivery: WebhookDelivery;
}

export type WatchMode = 'enable' | 'replace' | 'patch';

const HOUR_MS = 3600_000;

export class ZohoNotifications {
  private readonly channels = new Map<string, WatchChannel>();
  private readonly log: SentNotification[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly sender: WebhookSender,
    private readonly maxExpiryMs = 7 * 24 * HOUR_MS,
  ) {}

  /** POST (enable), PUT (replace a channel's details) or PATCH (update some; `_delete_events` removes). */
  write(org: ZohoOrg, items: readonly unknown[], mode: WatchMode, origin: string): ZohoStatus[] {
    return items.map((raw, index) => {
      const parsed = watchItem.safeParse(raw);
      const path = `$.watch[${index}]`;
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? '');
        return zohoStatus('INVALID_DATA', 'invalid data', { api_name: field, json_path: `${path}.${field}` });
      }
      const item = parsed.data;
      const key = `${org.id}:${item.channel_id ?? ''}`;
      const existing = this.active(key);
      const missing = ['channel_id', 'events', ...(mode === 'patch' && existing ? [] : ['notify_url'])].find(
        (f) => item[f as keyof typeof item] === undefined,
      );
      if (missing)
        return zohoStatus('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: missing,
          json_path: `${path}.${missing}`,
        });
      const events = item.events ?? [];
      const bad = events.findIndex((e) => !validEvent(e));
      if (bad >= 0)
        return zohoStatus('INVALID_DATA', 'invalid data', {
          api_name: 'events',
          json_path: `${path}.events[${bad}]`,
        });
      const expiresAt = this.expiry(item.channel_expiry);
      if (expiresAt === undefined)
        return zohoStatus('INVALID_DATA', 'invalid data', {
          api_name: 'channel_expiry',
          json_path: `${path}.channel_expiry`,
        });
      if (mode === 'patch' && item._delete_events) {
        if (!existing)
          return zohoStatus('NOT_SUBSCRIBED', 'the channel is not subscribed', {
            channel_id: item.channel_id,
          });
        existing.events = existing.events.filter((e) => !events.includes(e));
        if (existing.events.length === 0) this.channels.delete(key);
        return success(
          'Successfully removed the subscribe details',
          this.describe(org, existing, events, origin),
        );
      }
      const channel: WatchChannel = {
        orgId: org.id,
        channelId: item.channel_id ?? '',
        events:
          mode === 'replace' || !existing
            ? [...new Set(events)]
            : [...new Set([...existing.events, ...events])],
        notifyUrl: item.notify_url ?? existing?.notifyUrl ?? '',
        token: item.token !== undefined ? item.token : (existing?.token ?? null),
        expiresAt:
          item.channel_expiry === undefined && mode === 'patch' && existing ? existing.expiresAt : expiresAt,
        notifyOnRelatedAction: item.notify_on_related_action ?? existing?.notifyOnRelatedAction ?? true,
      };
      this.channels.set(key, channel);
      const message =
        mode === 'enable'
          ? 'Successfully subscribed for actions-watch of the given module'
          : 'Successfully updated the subscribe details';
      return success(message, this.describe(org, channel, channel.events, origin));
    });
  }

  /** GET /actions/watch: one entry per channel and module, as Zoho lists them. */
  list(
    org: ZohoOrg,
    origin: string,
    filter: { channelId?: string; module?: string },
  ): Array<Record<string, unknown>> {
    return this.of(org.id)
      .filter((c) => !filter.channelId || c.channelId === filter.channelId)
      .flatMap((c) =>
        this.describe(org, c, c.events, origin)
          .filter((e) => !filter.module || e.resource_name === filter.module)
          .map((e) => ({
            ...e,
            events: c.events.filter((ev) => ev.startsWith(`${String(e.resource_name)}.`)),
            notify_url: c.notifyUrl,
            token: c.token,
            notify_on_related_action: c.notifyOnRelatedAction,
          })),
      );
  }

  remove(org: ZohoOrg, channelIds: readonly string[]): ZohoStatus[] {
    return channelIds.map((id) =>
      this.channels.delete(`${org.id}:${id}`)
        ? {
            code: 'SUCCESS',
            details: { channel_id: id },
            message: 'Successfully un-subscribed from actions-watch',
            status: 'success',
          }
        : zohoStatus('NOT_SUBSCRIBED', 'the channel is not subscribed', { channel_id: id }),
    );
  }

  /** Sends one callback per channel, module and operation of a call's changes. */
  dispatch(org: ZohoOrg, changes: readonly RecordChange[], origin: string): void {
    const groups = new Map<string, RecordChange[]>();
    for (const change of changes) {
      const key = `${change.module}.${change.operation}`;
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    for (const [key, group] of groups) {
      const [module = '', operation = 'insert'] = key.split('.') as [string, RecordChange['operation']];
      const event = Object.entries(OPERATIONS).find(([, op]) => op === operation)?.[0];
      for (const channel of this.of(org.id)) {
        if (!channel.events.includes(`${module}.all`) && !channel.events.includes(`${module}.${event}`))
          continue;
        const url = new URL(channel.notifyUrl);
        const body: NotificationBody = {
          server_time: this.clock.now(),
          query_params: Object.fromEntries(url.searchParams),
          module,
          resource_uri: `${sandboxApiDomain(origin, org.dc)}/crm/v8/${module}`,
          ids: group.map((c) => c.id),
          affected_fields: operation === 'update' ? group.map((c) => ({ [c.id]: c.fields })) : [],
          operation,
          channel_id: channel.channelId,
          token: channel.token,
        };
        const delivery = this.sender.send(channel.notifyUrl, JSON.stringify(body), {});
        this.log.push({ orgId: org.id, channelId: channel.channelId, body, delivery });
      }
    }
  }

  sent(): SentNotification[] {
    const deliveries = new Map(this.sender.list().map((d) => [d.id, d]));
    return this.log.map((n) => ({ ...n, delivery: deliveries.get(n.delivery.id) ?? n.delivery }));
  }

  channelsOf(orgId: string): WatchChannel[] {
    return this.of(orgId).map((c) => ({ ...c, events: [...c.events] }));
  }

  reset(): void {
    this.channels.clear();
    this.log.length = 0;
  }

  private of(orgId: string): WatchChannel[] {
    return [...this.channels.keys()]
      .map((k) => this.active(k))
      .filter((c): c is WatchChannel => c?.orgId === orgId);
  }

  private active(key: string): WatchChannel | undefined {
    const channel = this.channels.get(key);
    if (channel && channel.expiresAt <= this.clock.now()) this.channels.delete(key);
    return this.channels.get(key);
  }

  private expiry(raw: string | undefined): number | undefined {
    const now = this.clock.now();
    if (raw === undefined) return now + HOUR_MS;
    const at = Date.parse(raw);
    if (Number.isNaN(at) || at <= now) return undefined;
    return at > now + this.maxExpiryMs ? now + HOUR_MS : at;
  }

  private describe(
    org: ZohoOrg,
    channel: WatchChannel,
    events: readonly string[],
    origin: string,
  ): Array<Record<string, unknown>> {
    const modules = [...new Set(events.map((e) => e.split('.')[0] ?? ''))];
    return modules.map((module) => ({
      channel_expiry: zohoDateTime(channel.expiresAt),
      resource_uri: `${sandboxApiDomain(origin, org.dc)}/crm/v8/${module}`,
      resource_id: moduleDef(module)?.id ?? null,
      resource_name: module,
      channel_id: channel.channelId,
    }));
  }
}

function success(message: string, events: Array<Record<string, unknown>>): ZohoStatus {
  return { code: 'SUCCESS', details: { events }, message, status: 'success' };
}
