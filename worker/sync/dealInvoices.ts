import { sql, type Kysely } from 'kysely';
import type { ConnectionStore } from '../connections/connectionStore';
import type { Database } from '../store/schema';

export interface DealInvoiceLink {
  crm: 'salesforce' | 'hubspot';
  crmAccount: string;
  dealId: string;
  xeroTenantId: string;
  xeroInvoiceId: string;
  idempotencyKey: string;
}

/** The deal → invoice links of invoices Ledgerbridge made from deals (see migration 0007). */
export class DealInvoices {
  constructor(private readonly db: Kysely<Database>) {}

  async record(link: DealInvoiceLink): Promise<void> {
    const values = {
      crm: link.crm,
      crm_account: link.crmAccount,
      deal_id: link.dealId,
      xero_tenant_id: link.xeroTenantId,
      xero_invoice_id: link.xeroInvoiceId,
      idempotency_key: link.idempotencyKey,
    };
    await this.db
      .insertInto('deal_invoices')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['crm', 'crm_account', 'deal_id']).doUpdateSet({ ...values, updated_at: sql`now()` }),
      )
      .execute();
  }

  async byInvoice(xeroTenantId: string, xeroInvoiceId: string): Promise<DealInvoiceLink | undefined> {
    const row = await this.db
      .selectFrom('deal_invoices')
      .select(['crm', 'crm_account', 'deal_id'])
      .where('xero_tenant_id', '=', xeroTenantId)
      .where('xero_invoice_id', '=', xeroInvoiceId)
      .executeTakeFirst();
    return row
      ? await this.find({ crm: row.crm, crmAccount: row.crm_account, dealId: row.deal_id })
      : undefined;
  }

  async find(ref: { crm: string; crmAccount: string; dealId: string }): Promise<DealInvoiceLink | undefined> {
    const row = await this.db
      .selectFrom('deal_invoices')
      .selectAll()
      .where('crm', '=', ref.crm)
      .where('crm_account', '=', ref.crmAccount)
      .where('deal_id', '=', ref.dealId)
      .executeTakeFirst();
    return row
      ? {
          crm: row.crm as DealInvoiceLink['crm'],
          crmAccount: row.crm_account,
          dealId: row.deal_id,
          xeroTenantId: row.xero_tenant_id,
          xeroInvoiceId: row.xero_invoice_id,
          idempotencyKey: row.idempotency_key,
        }
      : undefined;
  }
}

/** For the Xero-to-CRM flow: the CRM deal (and its connection) an invoice was made from. */
export function dealOriginLookup(db: Kysely<Database>, connections: ConnectionStore) {
  const links = new DealInvoices(db);
  return async (xeroTenantId: string, xeroInvoiceId: string) => {
    const link = await links.byInvoice(xeroTenantId, xeroInvoiceId);
    const connection = link ? await connections.find(link.crm, link.crmAccount) : undefined;
    return link && connection
      ? { crm: link.crm, crmConnectionId: connection.id, dealId: link.dealId }
      : undefined;
  };
}
