import { randomUUID } from 'node:crypto';
import type { XeroEmulator } from '../../../sandbox/xero';
import { writeContact } from '../../../sandbox/xero/contactWrites';
import { writeInvoice } from '../../../sandbox/xero/invoiceWrites';

export interface PlantedInvoice {
  invoiceId: string;
  number: string;
  contactId: string;
}

/**
 * A sales invoice planted in the emulator as a person would type it in Xero: a new contact (with or
 * without an e-mail address), two taxed widgets at 500.00 and a 50.00 untaxed delivery, so the
 * total is 1,150.00 (1,000.00 + 10% tax + 50.00). Dates are relative to the emulator's clock.
 */
export function plantInvoice(
  emulator: XeroEmulator,
  tenantId: string,
  options: {
    email?: string | null;
    status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
    type?: 'ACCREC' | 'ACCPAY';
    reference?: string;
    currency?: string;
  } = {},
): PlantedInvoice {
  const { store } = emulator;
  const name = `Delivery Customer ${randomUUID().slice(0, 8)}`;
  const email = options.email === undefined ? 'accounts@delivery-customer.example' : options.email;
  const contact = writeContact(
    store,
    tenantId,
    { Name: name, ...(email ? { EmailAddress: email } : {}) },
    undefined,
  );
  if (!contact.ok) throw new Error(contact.errors.join('; '));
  const day = (offsetDays: number) =>
    new Date(emulator.clock.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const invoice = writeInvoice(
    store,
    tenantId,
    {
      Type: options.type ?? 'ACCREC',
      Contact: { ContactID: contact.contact.id },
      Status: options.status ?? 'AUTHORISED',
      Date: day(0),
      DueDate: day(30),
      Reference: options.reference ?? 'PO-7781',
      CurrencyCode: options.currency ?? 'USD',
      LineAmountTypes: 'Exclusive',
      LineItems: [
        { Description: 'Widget', Quantity: 2, UnitAmount: 500, AccountCode: '200', TaxType: 'OUTPUT' },
        { Description: 'Delivery', Quantity: 1, UnitAmount: 50, AccountCode: '200', TaxType: 'NONE' },
      ],
    },
    undefined,
  );
  if (!invoice.ok) throw new Error(invoice.errors.join('; '));
  return { invoiceId: invoice.invoice.id, number: invoice.invoice.number, contactId: contact.contact.id };
}
