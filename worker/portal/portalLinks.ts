import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PortalLink, PortalLinkIssuer, PortalLinkRequest } from '../delivery/portalLinkIssuer';
import type { Database } from '../store/schema';
import type { PortalLinkKeys } from './portalLinkKeys';
import {
  PortalLinkRegistry,
  recordOf,
  type PortalLinkCheck,
  type PortalLinkRecord,
  type PortalLinkRefusal,
} from './portalLinkRegistry';
import { signPortalToken, verifyPortalToken } from './portalLinkToken';

export type { PortalLinkCheck, PortalLinkRecord, PortalLinkRefusal };

const DAY_MS = 86_400_000;

const requestSchema = z.object({
  installationId: z.uuid(),
  xeroTenantId: z.string().min(1).max(100),
  xeroContactId: z.uuid(),
  validDays: z.int().min(1).max(90),
  purpose: z.string().trim().min(1).max(200),
});

export interface PortalLinksDeps {
  db: Kysely<Database>;
  keys: PortalLinkKeys;
  /** The ingress's public base URL (PUBLIC_BASE_URL): links point at it. */
  publicUrl: string;
  /** Epoch milliseconds (tests pin it). */
  now: () => number;
}

/**
 * The customer portal's links: issued for one customer of one installation, signed, expiring, and
 * revocable one by one or for a whole customer. A link's URL is `<public>/portal/<installation>/<token>`.
 */
export class PortalLinks extends PortalLinkRegistry implements PortalLinkIssuer {
  constructor(private readonly deps: PortalLinksDeps) {
    super(deps);
  }

  async issue(request: PortalLinkRequest): Promise<PortalLink> {
    const input = requestSchema.parse(request);
    const linkId = randomUUID();
    // Whole seconds: the token states the expiry in seconds and the row must agree with it.
    const expiresAt = Math.floor((this.deps.now() + input.validDays * DAY_MS) / 1000);
    await this.deps.db
      .insertInto('portal_links')
      .values({
        id: linkId,
        installation_id: input.installationId,
        xero_tenant_id: input.xeroTenantId,
        xero_contact_id: input.xeroContactId,
        purpose: input.purpose,
        created_at: new Date(this.deps.now()),
        expires_at: new Date(expiresAt * 1000),
      })
      .execute();
    const token = signPortalToken(await this.deps.keys.keyOf(input.installationId), input.installationId, {
      linkId,
      expiresAt,
    });
    return {
      linkId,
      url: portalUrl(this.deps.publicUrl, input.installationId, token),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** Checks a token from a URL: signature (constant time), expiry, then the row (revocation). */
  async verify(installationId: string, token: string): Promise<PortalLinkCheck> {
    if (!z.uuid().safeParse(installationId).success) return { ok: false, refusal: 'invalid' };
    const key = await this.deps.keys.existingKeyOf(installationId);
    const claims = key && verifyPortalToken(key, installationId, token);
    if (!claims) return { ok: false, refusal: 'invalid' };
    const row = await this.deps.db
      .selectFrom('portal_links')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('id', '=', claims.linkId)
      .executeTakeFirst();
    if (!row || Math.floor(row.expires_at.getTime() / 1000) !== claims.expiresAt)
      return { ok: false, refusal: 'invalid' };
    if (row.revoked_at) return { ok: false, refusal: 'revoked' };
    const now = this.deps.now();
    if (now >= claims.expiresAt * 1000) return { ok: false, refusal: 'expired' };
    await this.deps.db
      .updateTable('portal_links')
      .set({ last_used_at: new Date(now) })
      .where('id', '=', row.id)
      .execute();
    return { ok: true, link: { ...recordOf(row), lastUsedAt: new Date(now) } };
  }
}

export function portalUrl(publicUrl: string, installationId: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/portal/${installationId}/${token}`;
}
