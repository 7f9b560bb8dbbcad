import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { InstallationStore } from '../installations/installationStore';
import type { IssuedOrderEndpoint, OrderEndpoints } from './orderEndpoints';

export class OrderEndpointError extends Error {
  override readonly name = 'OrderEndpointError';
}

export const orderEndpointInputSchema = z.object({
  installation: z.string().min(1, 'installation: required (its slug)'),
  customerServiceEmail: z.email({ error: 'customer-service: an e-mail address' }),
  xeroTenantId: z.string().min(1).optional(),
  cardAccountCode: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,10}$/, 'card-account: a Xero account code such as 090')
    .optional(),
  by: z.string().min(1),
});
export type OrderEndpointInput = z.infer<typeof orderEndpointInputSchema>;

/**
 * Sets up (or re-issues) an installation's order endpoint: its Xero organisation (the only one
 * connected, or the one named), where rejected orders are reported, and a new signing secret and
 * token, returned once. Audited without the secrets.
 */
export async function connectOrderEndpoint(
  deps: {
    installations: Pick<InstallationStore, 'bySlug'>;
    connections: Pick<ConnectionStore, 'list'>;
    endpoints: Pick<OrderEndpoints, 'issue'>;
    audit: Pick<AuditLog, 'record'>;
  },
  raw: OrderEndpointInput,
): Promise<IssuedOrderEndpoint & { installationId: string; xeroTenantId: string; path: string }> {
  const parsed = orderEndpointInputSchema.safeParse(raw);
  if (!parsed.success) throw new OrderEndpointError(parsed.error.issues.map((i) => i.message).join('; '));
  const input = parsed.data;
  const installation = await deps.installations.bySlug(input.installation);
  if (!installation || installation.status === 'uninstalled')
    throw new OrderEndpointError(`installation: no installation "${input.installation}"`);
  const tenants = (await deps.connections.list({ installationId: installation.id }))
    .filter((c) => c.vendor === 'xero' && c.status !== 'disconnected')
    .map((c) => c.externalId);
  const xeroTenantId = input.xeroTenantId ?? (tenants.length === 1 ? tenants[0] : undefined);
  if (!xeroTenantId || !tenants.includes(xeroTenantId))
    throw new OrderEndpointError(
      tenants.length === 0
        ? 'xero-tenant: the installation has no Xero organisation connected (npm run connect)'
        : `xero-tenant: name one of the installation's Xero organisations (${tenants.join(', ')})`,
    );
  const issued = await deps.endpoints.issue(
    installation.id,
    {
      xeroTenantId,
      customerServiceEmail: input.customerServiceEmail,
      ...(input.cardAccountCode ? { cardAccountCode: input.cardAccountCode } : {}),
    },
    input.by,
  );
  await deps.audit.record({
    action: 'order_endpoint_issued',
    outcome: 'succeeded',
    actor: input.by,
    subject: { installationId: installation.id, xeroTenantId },
    detail: {
      customerServiceEmail: input.customerServiceEmail,
      cardAccountCode: input.cardAccountCode ?? null,
    },
  });
  return { ...issued, installationId: installation.id, xeroTenantId, path: `/orders/${installation.id}` };
}
