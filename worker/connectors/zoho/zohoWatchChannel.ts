import type { Connection } from '../../connections/connectionStore';
import type { ZohoWatchEntry } from './zohoSchemas';
import type { ZohoWatchApi, ZohoWatchChannel } from './zohoWatch';
import type { ZohoChannelIdentity, ZohoWatchChannelStore } from './zohoWatchChannelStore';

/** What Ledgerbridge watches: a deal made or changed (its invoice), an account changed (audited). */
export const ZOHO_WATCH_EVENTS = ['Deals.create', 'Deals.edit', 'Accounts.edit'] as const;

/** Each enable or renew asks for a day ahead (Zoho allows a week; a dead worker's channel lapses sooner). */
export const ZOHO_CHANNEL_LIFETIME_MS = 24 * 3600_000;

/**
 * A channel with less than this left is renewed. The Schedule runs every 6 hours, so each of its
 * runs renews, while a retry or a second run soon after writes nothing.
 */
export const ZOHO_RENEW_WHEN_LEFT_MS = 20 * 3600_000;

export type ZohoWatchOutcome =
  | { outcome: 'enabled' | 'renewed' | 'unchanged'; channelId: string; expiresAt: string }
  | { outcome: 'skipped'; reason: string };

export interface ZohoWatchKeeperDeps {
  channels: ZohoWatchChannelStore;
  connections: { get(id: string): Promise<Connection | undefined> };
  /** The connection's Zoho client (zohoConnectionClient): only its watch API is used. */
  clientFor(connectionId: string): Promise<{ watch: ZohoWatchApi }>;
  /** The ingress's public URL (PUBLIC_BASE_URL): Zoho calls `<it>/webhooks/zoho/<connection id>`. */
  publicUrl: string;
  now?: () => number;
}

/** Where a connection's channel calls back. */
export function zohoNotifyUrl(publicUrl: string, connectionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/zoho/${connectionId}`;
}

/**
 * Keeps a Zoho connection's notification channel alive: read what Zoho holds for the channel, then
 * enable it when Zoho does not know it (never enabled, lapsed, dropped) or holds other details,
 * renew it when it has less than ZOHO_RENEW_WHEN_LEFT_MS left, and otherwise write nothing.
 */
export class ZohoWatchKeeper {
  constructor(private readonly deps: ZohoWatchKeeperDeps) {}

  async keep(connectionId: string): Promise<ZohoWatchOutcome> {
    const connection = await this.deps.connections.get(connectionId);
    if (connection?.vendor !== 'zoho') return { outcome: 'skipped', reason: 'not a Zoho connection' };
    if (connection.status !== 'active')
      return { outcome: 'skipped', reason: `connection ${connection.status}` };
    const identity = await this.deps.channels.ensure(connection);
    const { watch } = await this.deps.clientFor(connectionId);
    const now = (this.deps.now ?? Date.now)();
    const wanted: ZohoWatchChannel = {
      channelId: identity.channelId,
      events: ZOHO_WATCH_EVENTS,
      notifyUrl: zohoNotifyUrl(this.deps.publicUrl, connectionId),
      token: identity.token,
      expiresAt: new Date(now + ZOHO_CHANNEL_LIFETIME_MS),
    };
    const held = heldExpiry(await watch.list({ channelId: identity.channelId }), wanted);
    if (held && held.getTime() - now > ZOHO_RENEW_WHEN_LEFT_MS) {
      await this.deps.channels.confirmed(connectionId, held, new Date(now));
      return { outcome: 'unchanged', channelId: identity.channelId, expiresAt: held.toISOString() };
    }
    const result = held ? await watch.renew(wanted) : await watch.enable(wanted);
    const expiresAt = earliest(result.modules.map((m) => m.expiresAt)) ?? wanted.expiresAt;
    await this.deps.channels.confirmed(connectionId, expiresAt, new Date(now));
    return {
      outcome: held ? 'renewed' : 'enabled',
      channelId: identity.channelId,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Unsubscribes the channel at Zoho (one Zoho no longer holds counts as done) and forgets it. Needs
   * the connection's token: call it before the connection is marked disconnected and its tokens revoked.
   */
  async drop(connectionId: string): Promise<{ outcome: 'disabled' | 'none'; channelId?: string }> {
    const identity: ZohoChannelIdentity | undefined = await this.deps.channels.identity(connectionId);
    if (!identity) return { outcome: 'none' };
    const { watch } = await this.deps.clientFor(connectionId);
    await watch.disable([identity.channelId]);
    await this.deps.channels.remove(connectionId);
    return { outcome: 'disabled', channelId: identity.channelId };
  }
}

/**
 * The channel's expiry when Zoho holds it as wanted (every module with at least the wanted events,
 * the same URL and token), else undefined: the channel must be enabled again.
 */
function heldExpiry(entries: readonly ZohoWatchEntry[], wanted: ZohoWatchChannel): Date | undefined {
  const modules = [...new Set(wanted.events.map((e) => e.split('.')[0] ?? ''))];
  const expiries: Date[] = [];
  for (const module of modules) {
    const entry = entries.find((e) => e.channel_id === wanted.channelId && e.resource_name === module);
    if (!entry) return undefined;
    const events = entry.events ?? [];
    const covered = wanted.events
      .filter((e) => e.startsWith(`${module}.`))
      .every((e) => events.includes(e) || events.includes(`${module}.all`));
    if (!covered) return undefined;
    if (entry.notify_url !== undefined && entry.notify_url !== wanted.notifyUrl) return undefined;
    if (entry.token != null && entry.token !== wanted.token) return undefined;
    const at = new Date(entry.channel_expiry);
    if (Number.isNaN(at.getTime())) return undefined;
    expiries.push(at);
  }
  return earliest(expiries);
}

function earliest(dates: readonly Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((min, d) => (!min || d < min ? d : min), undefined);
}
