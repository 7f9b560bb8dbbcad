import { z } from 'zod';
import { installationSlugSchema } from '../../installations/installationStore';
import { PortalLinkRegistry, type PortalLinkRecord } from '../../portal/portalLinkRegistry';
import { cliActor } from './decide';
import { installationIdOf, type OpsContext } from './opsContext';

export const PORTAL_LINKS_USAGE = `  portal-links list <slug> [--contact <xero contact id>] [--all]
                                       an installation's live customer portal links (--all: revoked and expired too)
  portal-links revoke <slug> <link id> | --contact <xero contact id> [--tenant <xero tenant id>]
                                       revoke one link, or every live link of one customer`;

export type PortalLinksCommand =
  | { name: 'portal-links'; action: 'list'; installation: string; contact: string | undefined; all: boolean }
  | {
      name: 'portal-links';
      action: 'revoke';
      installation: string;
      target: { linkId: string } | { contact: string; tenant: string | undefined };
    };

const contactId = z.uuid({ error: '--contact must be a Xero contact ID (a GUID)' });

/** Parses `portal-links list|revoke`; a message naming the bad argument otherwise. */
export function parsePortalLinksArgs(
  positional: string[],
  named: Record<string, string>,
): PortalLinksCommand | { error: string } {
  const [action, slug, linkId] = positional;
  const installation = installationSlugSchema.safeParse(slug);
  if (action !== 'list' && action !== 'revoke') return { error: 'portal-links: say list or revoke' };
  if (!installation.success) return { error: `portal-links ${action} needs an installation slug` };
  const contact = named.contact === undefined ? undefined : contactId.safeParse(named.contact);
  if (contact && !contact.success) return { error: `portal-links: ${contact.error.issues[0]?.message}` };
  if (action === 'list')
    return {
      name: 'portal-links',
      action,
      installation: installation.data,
      contact: contact?.data,
      all: 'all' in named,
    };
  if (linkId !== undefined) {
    if (!z.uuid().safeParse(linkId).success) return { error: 'portal-links revoke: the link ID is a GUID' };
    return { name: 'portal-links', action, installation: installation.data, target: { linkId } };
  }
  const customer = contact?.data;
  if (!customer) return { error: 'portal-links revoke needs a link ID or --contact <xero contact id>' };
  return {
    name: 'portal-links',
    action,
    installation: installation.data,
    target: { contact: customer, tenant: named.tenant || undefined },
  };
}

/** `ops portal-links list|revoke`: what ops sees of, and does to, an installation's portal links. */
export async function portalLinksCommand(
  ctx: OpsContext,
  command: PortalLinksCommand,
  options: { by?: string; now?: () => number } = {},
): Promise<void> {
  const db = await ctx.db();
  const installation = { id: await installationIdOf(ctx, command.installation) };
  const registry = new PortalLinkRegistry({ db, now: options.now ?? Date.now });
  const by = options.by ?? cliActor();
  if (command.action === 'list') {
    const links = await registry.list(installation.id, {
      ...(command.contact ? { xeroContactId: command.contact } : {}),
      all: command.all,
    });
    if (links.length === 0) return ctx.write(`No ${command.all ? '' : 'live '}portal links.\n`);
    ctx.write(
      'link                                  contact                               expires               state    purpose\n',
    );
    for (const link of links) ctx.write(`${lineOf(link, options.now ?? Date.now)}\n`);
    return;
  }
  const { target } = command;
  if ('linkId' in target) {
    const revoked = await registry.revoke(installation.id, target.linkId, by);
    if (!revoked) throw new Error(`no live portal link ${target.linkId} in ${command.installation}`);
    return ctx.write(`Revoked portal link ${target.linkId}.\n`);
  }
  const count = await registry.revokeCustomer(
    installation.id,
    { xeroContactId: target.contact, ...(target.tenant ? { xeroTenantId: target.tenant } : {}) },
    by,
  );
  ctx.write(`Revoked ${count} portal link${count === 1 ? '' : 's'} of contact ${target.contact}.\n`);
}

function lineOf(link: PortalLinkRecord, now: () => number): string {
  const state = link.revokedAt ? 'revoked' : link.expiresAt.getTime() <= now() ? 'expired' : 'live';
  return [
    link.id,
    link.xeroContactId,
    link.expiresAt.toISOString().slice(0, 19) + 'Z',
    state.padEnd(8),
    link.purpose,
  ].join('  ');
}
