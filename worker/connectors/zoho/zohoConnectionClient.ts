import type { Connection, ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { VendorError } from '../errors';
import { zohoConnectionSettingsSchema } from './zohoAuth';
import { ZohoClient } from './zohoClient';
import type { ZohoClientOptions } from './zohoHttp';

/** A copy of the tokens read this recently will do (as authorizedCall reuses them), except after a 401. */
const TOKEN_REUSE_MS = 2_000;

/**
 * The typed Zoho client of one stored connection (kept apart from the sync logic, as Nango keeps
 * connections): the API domain the consent's data centre named, the sealed token read per call, a
 * 401 refreshed once and single-flight across processes (RefreshService), every call paced on
 * `zoho:<org id>` for all worker processes; a connection that needs re-authorisation fails fast.
 */
export function zohoConnectionClient(deps: {
  connection: Connection;
  connections: ConnectionStore;
  refresh: RefreshService;
  pacer: SharedPacer;
  /** Test seams (the emulator's clock, a faulty fetch). */
  options?: Pick<ZohoClientOptions, 'now' | 'fetch' | 'sleep'>;
}): ZohoClient {
  const connectionId = deps.connection.id;
  const settings = zohoConnectionSettingsSchema.safeParse(deps.connection.settings);
  // Checked per call, so a connection saved without its data centre fails its syncs (visibly), not the worker.
  const apiDomain = settings.success ? settings.data.apiDomain : undefined;
  const paceKey = `zoho:${deps.connection.externalId}`;
  let version = 0;
  let mustReread = false;
  return new ZohoClient({
    apiDomain: apiDomain ?? 'http://invalid.invalid',
    accessToken: async () => {
      if (!apiDomain)
        throw new VendorError(
          'reauthRequired',
          'zoho',
          `connection ${connectionId} does not say which Zoho data centre it is in: connect it again`,
        );
      const opened = await deps.connections.readTokens(connectionId, {
        maxAgeMs: mustReread ? 0 : TOKEN_REUSE_MS,
      });
      mustReread = false;
      if (opened.connection.status !== 'active')
        throw new VendorError('reauthRequired', 'zoho', `connection ${connectionId} needs re-authorisation`);
      version = opened.version;
      return opened.tokens.accessToken;
    },
    onUnauthorized: async () => {
      const outcome = await deps.refresh.refresh(connectionId, { unauthorizedWithVersion: version });
      if (outcome.outcome === 'needs_reauth') throw new VendorError('reauthRequired', 'zoho', outcome.reason);
      mustReread = true;
    },
    pace: {
      acquire: () => deps.pacer.acquire(paceKey),
      holdUntil: (untilMs) => deps.pacer.holdUntil(paceKey, untilMs),
    },
    ...deps.options,
  });
}
