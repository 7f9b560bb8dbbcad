import type { Connection, ConnectionStore } from '../connections/connectionStore';

/**
 * Which connections a card request may use. A portal is served only while it has an active HubSpot
 * connection; its records are then read with that connection's token and nothing else.
 */
export async function activePortalConnection(
  connections: ConnectionStore,
  portalId: string,
): Promise<Connection | undefined> {
  const connection = await connections.find('hubspot', portalId);
  return connection?.status === 'active' ? connection : undefined;
}

export type XeroOrganisation =
  { kind: 'one'; connection: Connection } | { kind: 'none' } | { kind: 'several'; count: number };

/**
 * The Xero organisation of the portal's installation (never another installation's): the cards read
 * it and the settings page configures it. With none the cards show HubSpot's side only and the
 * settings page says to connect Xero; with several nothing guesses which one is meant.
 */
export async function theXeroOrganisation(
  connections: ConnectionStore,
  portal: Connection,
): Promise<XeroOrganisation> {
  const own = await connections.list({ installationId: portal.installationId });
  const active = own.filter((c) => c.vendor === 'xero' && c.status === 'active');
  const [only] = active;
  if (active.length === 1 && only) return { kind: 'one', connection: only };
  return active.length === 0 ? { kind: 'none' } : { kind: 'several', count: active.length };
}
