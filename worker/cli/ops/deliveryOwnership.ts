import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';

/** The installation an ops command names, by slug or ID. */
export async function installationNamed(
  db: Kysely<Database>,
  ref: string,
): Promise<{ id: string; slug: string }> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(ref);
  const row = await db
    .selectFrom('installations')
    .select(['id', 'slug'])
    .where((eb) => (isId ? eb.or([eb('id', '=', ref), eb('slug', '=', ref)]) : eb('slug', '=', ref)))
    .executeTakeFirst();
  if (!row) throw new Error(`no installation "${ref}"`);
  return row;
}

export interface DeliveryRun {
  handle: WorkflowHandle;
  running: boolean;
}

/** The invoice's delivery workflow (its latest run), if Temporal still knows it. */
export async function deliveryRunOf(client: Client, workflowId: string): Promise<DeliveryRun | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    return { handle, running: description.status.name === 'RUNNING' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Whether a Xero invoice is the installation's: a delivery run under its workflow ID (which names
 * the installation), an e-mail of it, or a CRM link to it. `other`: only another installation's
 * rows name it; `unknown`: nothing does (a mistyped ID, or an invoice never handed to delivery).
 */
export async function invoiceOwnership(
  db: Kysely<Database>,
  installationId: string,
  xeroInvoiceId: string,
  run: DeliveryRun | undefined,
): Promise<'ours' | 'other' | 'unknown'> {
  if (run) return 'ours';
  const [sent, linked] = await Promise.all([
    db
      .selectFrom('invoice_messages')
      .select('installation_id')
      .distinct()
      .where('xero_invoice_id', '=', xeroInvoiceId)
      .execute(),
    db
      .selectFrom('record_links')
      .select('installation_id')
      .distinct()
      .where('xero_kind', '=', 'invoice')
      .where('xero_id', '=', xeroInvoiceId)
      .execute(),
  ]);
  const owners = new Set([...sent, ...linked].map((row) => row.installation_id));
  if (owners.has(installationId)) return 'ours';
  return owners.size > 0 ? 'other' : 'unknown';
}

/** The Xero organisation the invoice is in: its CRM link's, else the installation's only active one. */
export async function tenantOfInvoice(
  db: Kysely<Database>,
  installationId: string,
  xeroInvoiceId: string,
): Promise<string | undefined> {
  const link = await db
    .selectFrom('record_links')
    .select('xero_tenant_id')
    .where('installation_id', '=', installationId)
    .where('xero_kind', '=', 'invoice')
    .where('xero_id', '=', xeroInvoiceId)
    .executeTakeFirst();
  if (link) return link.xero_tenant_id;
  const organisations = await db
    .selectFrom('connections')
    .select('external_id')
    .where('installation_id', '=', installationId)
    .where('vendor', '=', 'xero')
    .where('status', '=', 'active')
    .execute();
  return organisations.length === 1 ? organisations[0]?.external_id : undefined;
}
