import { createRng, pick, type Rng } from '../sandbox/core/random';
import type { XeroEmulator } from '../sandbox/xero';
import { writeContact } from '../sandbox/xero/contactWrites';
import { writeInvoice } from '../sandbox/xero/invoiceWrites';
import type { InvoiceRecord } from '../sandbox/xero/model';
import { deletePayment, writePayment } from '../sandbox/xero/paymentWrites';
import { amountDue } from '../sandbox/xero/serialize';

/**
 * The changes people make in Xero during a chaos run, one per call: contacts created and renamed,
 * invoices created, edited, approved and voided, payments made (some in full) and deleted. They are
 * made in the emulator's own store, so each one goes out as Xero's signed webhook like any change.
 */
export type XeroEventKind =
  | 'contact_created'
  | 'contact_renamed'
  | 'invoice_created'
  | 'invoice_edited'
  | 'invoice_approved'
  | 'invoice_voided'
  | 'payment_made'
  | 'payment_deleted';

const WEIGHTS: Array<[XeroEventKind, number]> = [
  ['contact_created', 0.1],
  ['contact_renamed', 0.08],
  ['invoice_created', 0.24],
  ['invoice_edited', 0.1],
  ['invoice_approved', 0.04],
  ['invoice_voided', 0.03],
  ['payment_made', 0.34],
  ['payment_deleted', 0.07],
];

export class XeroEventMaker {
  private readonly rng: Rng;
  private made = 0;
  private readonly payments: string[] = [];

  constructor(
    private readonly xero: XeroEmulator,
    private readonly tenantId: string,
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Makes one change; a kind with nothing to change right now falls back to a new invoice. */
  next(): XeroEventKind {
    this.made++;
    let roll = this.rng();
    const wanted = WEIGHTS.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'invoice_created';
    if (this.make(wanted)) return wanted;
    this.make('invoice_created');
    return 'invoice_created';
  }

  private make(kind: XeroEventKind): boolean {
    const { store } = this.xero;
    const invoices = store.invoicesOf(this.tenantId).filter((i) => i.type === 'ACCREC');
    const untouched = (i: InvoiceRecord) =>
      i.status === 'AUTHORISED' && i.amountPaid === 0 && i.amountCredited === 0;
    switch (kind) {
      case 'contact_created':
        return this.ok(writeContact(store, this.tenantId, { Name: this.name() }, undefined));
      case 'contact_renamed': {
        const contact = this.some(store.contactsOf(this.tenantId).filter((c) => c.status === 'ACTIVE'));
        return contact ? this.ok(writeContact(store, this.tenantId, { Name: this.name() }, contact)) : false;
      }
      case 'invoice_created': {
        const contact = pick(
          this.rng,
          store.contactsOf(this.tenantId).filter((c) => c.status === 'ACTIVE'),
        );
        const input = { Type: 'ACCREC', Contact: { ContactID: contact.id }, Status: 'AUTHORISED' };
        return this.ok(
          writeInvoice(store, this.tenantId, { ...input, ...this.dated(), ...this.lines() }, undefined),
        );
      }
      case 'invoice_edited': {
        const invoice = this.some(invoices.filter(untouched));
        return invoice ? this.ok(writeInvoice(store, this.tenantId, this.lines(), invoice)) : false;
      }
      case 'invoice_approved': {
        const invoice = this.some(invoices.filter((i) => i.status === 'DRAFT' && i.lines.length > 0));
        return invoice
          ? this.ok(writeInvoice(store, this.tenantId, { Status: 'AUTHORISED' }, invoice))
          : false;
      }
      case 'invoice_voided': {
        const invoice = this.some(invoices.filter(untouched));
        return invoice ? this.ok(writeInvoice(store, this.tenantId, { Status: 'VOIDED' }, invoice)) : false;
      }
      case 'payment_made': {
        const invoice = this.some(invoices.filter((i) => i.status === 'AUTHORISED' && amountDue(i) >= 2));
        if (!invoice) return false;
        const due = amountDue(invoice);
        const amount =
          this.rng() < 0.3 ? due : Math.round(this.rng() * Math.min(due - 1, 200) * 100) / 100 + 1;
        const r = writePayment(store, this.tenantId, {
          Invoice: { InvoiceID: invoice.id },
          Account: { Code: '090' },
          Amount: Math.min(amount, due),
          Date: this.today(),
        });
        if (r.ok) this.payments.push(r.payment.id);
        return this.ok(r);
      }
      case 'payment_deleted': {
        const index = Math.floor(this.rng() * this.payments.length);
        const payment = store.payments.get(this.payments[index] ?? '');
        if (!payment || payment.status === 'DELETED') return false;
        this.payments.splice(index, 1);
        return this.ok(deletePayment(store, payment));
      }
    }
  }

  private ok(result: { ok: true } | { ok: false; errors: string[] }): true {
    if (!result.ok) throw new Error(`the Xero emulator refused a chaos change: ${result.errors.join('; ')}`);
    return true;
  }

  private some<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : pick(this.rng, items);
  }

  /** Unique among the organisation's contacts and unlike any CRM account name the run makes. */
  private name(): string {
    return `Chaos Xero ${this.tenantId.slice(0, 8)} No ${this.made}`;
  }

  private today(): string {
    return new Date(this.xero.clock.now()).toISOString().slice(0, 10);
  }

  private dated(): { Date: string; DueDate: string } {
    const due = new Date(this.xero.clock.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    return { Date: this.today(), DueDate: due };
  }

  private lines(): { LineItems: Array<Record<string, unknown>> } {
    const lines = 1 + Math.floor(this.rng() * 3);
    return {
      LineItems: Array.from({ length: lines }, (_, i) => ({
        Description: `Chaos service ${i + 1}`,
        Quantity: 1 + Math.floor(this.rng() * 5),
        UnitAmount: Math.round((50 + this.rng() * 950) * 100) / 100,
        AccountCode: '200',
      })),
    };
  }
}
