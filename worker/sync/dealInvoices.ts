import type { CrmVendor } from '../../workflows/domain/crmVendor';
import { randomInt } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { intentOfReference, type InvoiceIntent } from '../../workflows/domain/invoiceIntent';
import type { ConnectionStore } from '../connections/connectionStore';
import type { Database, DealInvoicesTable } from '../store/schema';

export interface DealRefKey {
  crm: string;
  crmAccount: string;
  dealId: string;
}

/** A deal's invoice intent and, once Xero made the invoice, the deal → invoice link. */
export interface DealInvoiceLink {
  crm: CrmVendor;
  crmAccount: string;
  dealId: string;
  xeroTenantId: string;
  intent: InvoiceIntent;
  /** Null while the intent's invoice is not known to exist (about to be made, or made unrecorded). */
  xeroInvoiceId: string | null;
  /** During a reissue: the invoice this generation replaces (credited before the new one is made). */
  replacesInvoiceId: string | null;
  /** When this generation began: its invoice, if any, was changed in Xero after it. */
  generationStartedAt: Date;
}

/** Crockford's base32: no I, L, O or U, so an ID read aloud or retyped survives. */
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_LENGTH = 12;

function newIntentId(): string {
  return Array.from({ length: ID_LENGTH }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

/**
 * The deal → invoice intents and links of invoices Ledgerbridge makes from deals (migrations 0007,
 * 0019): one row per deal. `begin` records the intent before Xero is asked; `recordInvoice` links the
 * invoice Xero made for it; `startReissue` moves to the next generation.
 */
export class DealInvoices {
  constructor(private readonly db: Kysely<Database>) {}

  /** The deal's intent: the one it has, or a new one in this Xero organisation. */
  async begin(ref: DealRefKey, xeroTenantId: string): Promise<DealInvoiceLink> {
    await this.db
      .insertInto('deal_invoices')
      .values({
        crm: ref.crm,
        crm_account: ref.crmAccount,
        deal_id: ref.dealId,
        xero_tenant_id: xeroTenantId,
        xero_invoice_id: null,
        idempotency_key: null,
        intent_id: newIntentId(),
      })
      .onConflict((oc) => oc.columns(['crm', 'crm_account', 'deal_id']).doNothing())
      .execute();
    // An intent that made nothing yet follows the organisation deals are invoiced in now.
    await this.db
      .updateTable('deal_invoices')
      .set({ xero_tenant_id: xeroTenantId })
      .where('crm', '=', ref.crm)
      .where('crm_account', '=', ref.crmAccount)
      .where('deal_id', '=', ref.dealId)
      .where('xero_invoice_id', 'is', null)
      .where('xero_tenant_id', '!=', xeroTenantId)
      .execute();
    const link = await this.find(ref);
    if (!link) throw new Error(`the invoice intent of deal ${ref.dealId} was not stored`);
    return link;
  }

  /**
   * Links the invoice Xero made (or updated) for this generation of the intent. False when the
   * intent has moved on meanwhile (another generation), so nothing was written.
   */
  async recordInvoice(
    ref: DealRefKey,
    intent: InvoiceIntent,
    invoice: { xeroTenantId: string; xeroInvoiceId: string; idempotencyKey: string | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('deal_invoices')
      .set({
        xero_tenant_id: invoice.xeroTenantId,
        xero_invoice_id: invoice.xeroInvoiceId,
        idempotency_key: invoice.idempotencyKey,
        replaces_invoice_id: null,
        updated_at: sql`now()`,
      })
      .where('crm', '=', ref.crm)
      .where('crm_account', '=', ref.crmAccount)
      .where('deal_id', '=', ref.dealId)
      .where('intent_id', '=', intent.intentId)
      .where('generation', '=', intent.generation)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * The next generation of the intent, replacing `replacing` (a credit and reissue). Repeatable: a
   * retry after the move finds the intent already moved, replacing the same invoice.
   */
  async startReissue(ref: DealRefKey, from: InvoiceIntent, replacing: string): Promise<DealInvoiceLink> {
    await this.db
      .updateTable('deal_invoices')
      .set({
        generation: from.generation + 1,
        xero_invoice_id: null,
        idempotency_key: null,
        replaces_invoice_id: replacing,
        generation_started_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('crm', '=', ref.crm)
      .where('crm_account', '=', ref.crmAccount)
      .where('deal_id', '=', ref.dealId)
      .where('intent_id', '=', from.intentId)
      .where('generation', '=', from.generation)
      .where('xero_invoice_id', '=', replacing)
      .execute();
    const link = await this.find(ref);
    const moved =
      link?.intent.intentId === from.intentId &&
      link.intent.generation === from.generation + 1 &&
      (link.replacesInvoiceId === replacing || link.xeroInvoiceId !== null);
    if (!link || !moved)
      throw new Error(
        `the invoice intent of deal ${ref.dealId} is not at generation ${from.generation} of ${replacing}`,
      );
    return link;
  }

  async byInvoice(xeroTenantId: string, xeroInvoiceId: string): Promise<DealInvoiceLink | undefined> {
    const row = await this.db
      .selectFrom('deal_invoices')
      .selectAll()
      .where('xero_tenant_id', '=', xeroTenantId)
      .where('xero_invoice_id', '=', xeroInvoiceId)
      .executeTakeFirst();
    return row ? linkOf(row) : undefined;
  }

  async byIntent(intentId: string): Promise<DealInvoiceLink | undefined> {
    const row = await this.db
      .selectFrom('deal_invoices')
      .selectAll()
      .where('intent_id', '=', intentId)
      .executeTakeFirst();
    return row ? linkOf(row) : undefined;
  }

  async find(ref: DealRefKey): Promise<DealInvoiceLink | undefined> {
    const row = await this.db
      .selectFrom('deal_invoices')
      .selectAll()
      .where('crm', '=', ref.crm)
      .where('crm_account', '=', ref.crmAccount)
      .where('deal_id', '=', ref.dealId)
      .executeTakeFirst();
    return row ? linkOf(row) : undefined;
  }
}

function linkOf(row: Selectable<DealInvoicesTable>): DealInvoiceLink {
  return {
    crm: row.crm as DealInvoiceLink['crm'],
    crmAccount: row.crm_account,
    dealId: row.deal_id,
    xeroTenantId: row.xero_tenant_id,
    intent: { intentId: row.intent_id, generation: row.generation },
    xeroInvoiceId: row.xero_invoice_id,
    replacesInvoiceId: row.replaces_invoice_id,
    generationStartedAt: row.generation_started_at,
  };
}

/**
 * For the Xero-to-CRM flow: the CRM deal (and its connection) an invoice was made from, by its link,
 * or by the intent tag in its Reference while the link is not stored yet (Xero's notice can come
 * before it, or instead of it when the worker died in between): never a second deal for it.
 */
export function dealOriginLookup(db: Kysely<Database>, connections: ConnectionStore) {
  const links = new DealInvoices(db);
  return async (xeroTenantId: string, xeroInvoiceId: string, reference?: string) => {
    const tagged = intentOfReference(reference);
    const link =
      (await links.byInvoice(xeroTenantId, xeroInvoiceId)) ??
      (tagged ? await links.byIntent(tagged.intentId) : undefined);
    const connection = link ? await connections.find(link.crm, link.crmAccount) : undefined;
    return link && connection
      ? { crm: link.crm, crmConnectionId: connection.id, dealId: link.dealId }
      : undefined;
  };
}
