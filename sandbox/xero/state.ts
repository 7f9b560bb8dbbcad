import type { Clock } from '../core/clock';
import type { ContactRecord, CreditNoteRecord, InvoiceRecord, PaymentRecord, TenantRecord } from './model';

export type ChangeCategory = 'CONTACT' | 'INVOICE' | 'CREDITNOTE';
export type ChangeListener = (
  tenantId: string,
  category: ChangeCategory,
  id: string,
  type: 'CREATE' | 'UPDATE',
) => void;

/**
 * All records of all sandbox organisations. Invoices are also kept in creation order per tenant,
 * which is the order lists and pages are served in. Every change stamps UpdatedDateUTC and tells
 * the listeners (the webhook queue) what changed, as Xero's event feed would.
 */
export class XeroState {
  readonly tenants = new Map<string, TenantRecord>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly creditNotes = new Map<string, CreditNoteRecord>();
  /** Invoices Xero has e-mailed (SentToContact); kept beside the records so updates keep the mark. */
  readonly sentToContact = new Set<string>();
  private readonly invoiceOrder = new Map<string, InvoiceRecord[]>();
  private readonly contactOrder = new Map<string, ContactRecord[]>();
  private lastStamp = 0;
  private readonly listeners: ChangeListener[] = [];
  /** While a batch runs: how to undo each write, and the events to send if it commits. */
  private journal: { undo: Array<() => void>; events: Array<() => void> } | undefined;

  constructor(private readonly clock: Clock) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** A strictly increasing timestamp, so If-Modified-Since never loses a change made in the same ms. */
  stamp(): number {
    this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  /**
   * Runs a batch of writes; unless `commit(result)` says so, every write is undone and no change
   * event is sent (Xero saves nothing from a batch that fails validation).
   */
  batch<T>(fn: () => T, commit: (result: T) => boolean): T {
    const journal = { undo: [] as Array<() => void>, events: [] as Array<() => void> };
    this.journal = journal;
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.journal = undefined;
      journal.undo.reverse().forEach((undo) => undo());
      throw err;
    }
    this.journal = undefined;
    if (commit(result)) journal.events.forEach((send) => send());
    else journal.undo.reverse().forEach((undo) => undo());
    return result;
  }

  clear(): void {
    for (const map of [
      this.tenants,
      this.contacts,
      this.invoices,
      this.payments,
      this.creditNotes,
      this.invoiceOrder,
      this.contactOrder,
    ])
      map.clear();
    this.sentToContact.clear();
  }

  /** Removes an organisation and everything in it (re-seeding the same seed replaces it). */
  dropTenant(tenantId: string): void {
    if (!this.tenants.delete(tenantId)) return;
    for (const map of [this.contacts, this.invoices, this.payments, this.creditNotes] as Array<
      Map<string, { tenantId: string }>
    >) {
      for (const [id, record] of map) if (record.tenantId === tenantId) map.delete(id);
    }
    this.invoiceOrder.delete(tenantId);
    this.contactOrder.delete(tenantId);
  }

  tenant(id: string): TenantRecord | undefined {
    return this.tenants.get(id);
  }

  invoicesOf(tenantId: string): readonly InvoiceRecord[] {
    return this.invoiceOrder.get(tenantId) ?? [];
  }

  contactsOf(tenantId: string): readonly ContactRecord[] {
    return this.contactOrder.get(tenantId) ?? [];
  }

  putContact(contact: ContactRecord, options: { silent?: boolean } = {}): void {
    const isNew = !this.contacts.has(contact.id);
    this.remember(this.contacts, contact.id, () => {
      if (isNew) this.contactOrder.get(contact.tenantId)?.pop();
    });
    this.contacts.set(contact.id, contact);
    if (isNew) pushTo(this.contactOrder, contact.tenantId, contact);
    else replaceIn(this.contactOrder, contact.tenantId, contact);
    if (!options.silent) this.emit(contact.tenantId, 'CONTACT', contact.id, isNew);
  }

  putInvoice(invoice: InvoiceRecord, options: { silent?: boolean } = {}): void {
    const isNew = !this.invoices.has(invoice.id);
    const tenant = this.tenants.get(invoice.tenantId);
    const seq = tenant?.invoiceSeq;
    this.remember(this.invoices, invoice.id, () => {
      if (isNew) this.invoiceOrder.get(invoice.tenantId)?.pop();
      if (tenant && seq !== undefined) tenant.invoiceSeq = seq;
    });
    this.invoices.set(invoice.id, invoice);
    if (isNew) pushTo(this.invoiceOrder, invoice.tenantId, invoice);
    else replaceIn(this.invoiceOrder, invoice.tenantId, invoice);
    if (!options.silent) this.emit(invoice.tenantId, 'INVOICE', invoice.id, isNew);
  }

  putPayment(payment: PaymentRecord): void {
    this.remember(this.payments, payment.id);
    this.payments.set(payment.id, payment);
  }

  putCreditNote(note: CreditNoteRecord, options: { silent?: boolean } = {}): void {
    const isNew = !this.creditNotes.has(note.id);
    this.remember(this.creditNotes, note.id);
    this.creditNotes.set(note.id, note);
    if (!options.silent) this.emit(note.tenantId, 'CREDITNOTE', note.id, isNew);
  }

  private emit(tenantId: string, category: ChangeCategory, id: string, isNew: boolean): void {
    const send = () => {
      for (const listener of this.listeners) listener(tenantId, category, id, isNew ? 'CREATE' : 'UPDATE');
    };
    if (this.journal) this.journal.events.push(send);
    else send();
  }

  private remember<V>(map: Map<string, V>, id: string, alsoUndo?: () => void): void {
    if (!this.journal) return;
    const had = map.has(id);
    const previous = map.get(id);
    const order =
      map === (this.invoices as Map<string, unknown>)
        ? this.invoiceOrder
        : map === (this.contacts as Map<string, unknown>)
          ? this.contactOrder
          : undefined;
    this.journal.undo.push(() => {
      if (had && previous !== undefined) {
        map.set(id, previous);
        if (order)
          replaceIn(
            order as Map<string, Array<{ id: string; tenantId?: string }>>,
            (previous as { tenantId: string }).tenantId,
            previous as { id: string },
          );
      } else map.delete(id);
      alsoUndo?.();
    });
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function replaceIn<T extends { id: string }>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) return;
  const index = list.findIndex((item) => item.id === value.id);
  if (index >= 0) list[index] = value;
}
