import { z } from 'zod';
import type { Config } from '../config';
import {
  issueOperatorTicket,
  loadOperatorToken,
  type OperatorTicketRequest,
} from '../installations/operatorTickets';
import { createLogger } from '../logger';
import { buildSharedServices } from '../sharedServices';
import { openStore } from '../store/store';

export interface CliTicket {
  ticket: string;
  expiresAt: Date;
  /** null: an install ticket (the account's installation is found or made when it connects). */
  installation: { slug: string; created: boolean } | null;
}

const answerSchema = z.object({
  ticket: z.string().min(1),
  expiresAt: z.iso.datetime().transform((s) => new Date(s)),
  installation: z.object({ slug: z.string(), created: z.boolean() }).nullable(),
});

/**
 * The operator's connect ticket. With PostgreSQL the CLI has the store and issues it itself; in the
 * embedded mode PGlite belongs to the running worker, so the ticket comes from the worker's
 * operations listener, for the operator token in the data folder.
 */
export async function operatorConnectTicket(
  config: Config,
  request: OperatorTicketRequest,
): Promise<CliTicket> {
  if (config.store.kind === 'postgres') {
    const store = await openStore(config.store);
    try {
      const { installations, tickets } = buildSharedServices(config, store, createLogger('warn'));
      const issued = await issueOperatorTicket({ installations, tickets }, request);
      return {
        ticket: issued.ticket,
        expiresAt: issued.expiresAt,
        installation: issued.installation && {
          slug: issued.installation.slug,
          created: issued.installation.created,
        },
      };
    } finally {
      await store.close();
    }
  }
  const url = `http://${reachableHost(config.opsListener.host)}:${config.opsListener.port}/connect/tickets`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await loadOperatorToken(config.dataDir)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(
      'newInstallation' in request
        ? { vendor: request.vendor, newInstallation: true, name: request.newInstallation.name }
        : request,
    ),
    signal: AbortSignal.timeout(15_000),
  }).catch((err: unknown) => {
    throw new Error(
      `the worker's operations listener (${url}) did not answer: is npm start running? (${err instanceof Error ? err.message : String(err)})`,
    );
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status !== 201)
    throw new Error(`the worker refused a connect ticket (${res.status}): ${JSON.stringify(body)}`);
  return answerSchema.parse(body);
}

/** A listener on every interface is reached on loopback. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
