import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { ConnectionVendor } from '../store/schema';
import { readOrCreate } from '../temporal/payloadKeys';
import type { ConnectTickets, IssuedTicket } from './connectTickets';
import { DEFAULT_INSTALLATION_SLUG, type InstallationStore } from './installationStore';

/** Who an operator's tickets are issued to in the audit trail. */
export const OPERATOR_ISSUER = 'cli';

export interface OperatorTicket extends IssuedTicket {
  /** null for an install ticket: the account connected finds its installation, or makes one. */
  installation: { id: string; slug: string; created: boolean } | null;
}

export type OperatorTicketRequest = { vendor: ConnectionVendor } & (
  | { installation?: string | undefined }
  /** "Connect a new customer": a CRM account's own installation, named `name` when new. */
  | { newInstallation: { name?: string | undefined } }
);

/**
 * A ticket for an operator (`npm run connect`), into the installation of that slug: the default
 * one unless named, made when it does not exist yet (and said so, so a mistyped slug shows). An
 * install ticket names none.
 */
export async function issueOperatorTicket(
  deps: {
    installations: Pick<InstallationStore, 'bySlug' | 'ensure'>;
    tickets: Pick<ConnectTickets, 'issue'>;
  },
  input: OperatorTicketRequest,
): Promise<OperatorTicket> {
  if ('newInstallation' in input) {
    const issued = await deps.tickets.issue({
      newInstallation: { name: input.newInstallation.name ?? null },
      vendor: input.vendor,
      issuedTo: OPERATOR_ISSUER,
    });
    return { ...issued, installation: null };
  }
  const slug = input.installation ?? DEFAULT_INSTALLATION_SLUG;
  const existing = await deps.installations.bySlug(slug);
  const installation =
    existing ??
    (await deps.installations.ensure(
      slug === DEFAULT_INSTALLATION_SLUG ? { slug, name: 'Default installation' } : { slug },
    ));
  const issued = await deps.tickets.issue({
    installationId: installation.id,
    vendor: input.vendor,
    issuedTo: OPERATOR_ISSUER,
  });
  return { ...issued, installation: { id: installation.id, slug, created: !existing } };
}

/**
 * The operator's bearer token for `POST /connect/tickets` on the operations listener, generated once
 * into the data folder (readable by its owner only). In the embedded mode PGlite belongs to the
 * worker's process, so `npm run connect` asks the running worker for its ticket with this token;
 * whoever can read the data folder could read the store's files anyway.
 */
export function loadOperatorToken(dataDir: string): Promise<string> {
  return readOrCreate(operatorTokenFile(dataDir), z.string().trim().min(32), () =>
    randomBytes(32).toString('hex'),
  );
}

export function operatorTokenFile(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'operator-token');
}
