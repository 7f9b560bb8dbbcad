import { Contact } from 'xero-node';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Order } from './orderSchema';

/** A `where` string literal: `"` and `\` escaped with a backslash, so the value is matched as written. */
const quote = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;

/**
 * The Xero contacts an order's customer may be: by account number when the site sends one (it is
 * the customer's key), else by e-mail. Archived contacts are not candidates.
 */
export async function orderCustomerContacts(api: XeroApi, customer: Order['customer']): Promise<string[]> {
  const where = customer.accountNumber
    ? `AccountNumber==${quote(customer.accountNumber)}`
    : `EmailAddress==${quote(customer.email)}`;
  const res = await api.call((xero, tenant) =>
    xero.getContacts(tenant, undefined, where, undefined, undefined, 1, false, true),
  );
  return (res.body.contacts ?? []).flatMap((c) =>
    c.contactID && c.contactStatus !== Contact.ContactStatusEnum.ARCHIVED ? [c.contactID] : [],
  );
}

/** A new card customer's contact, made once per order (Idempotency-Key). */
export async function createOrderCustomer(
  api: XeroApi,
  customer: Order['customer'],
  idempotencyKey: string,
): Promise<string> {
  const res = await api.call((xero, tenant) =>
    xero.createContacts(
      tenant,
      {
        contacts: [
          {
            name: customer.name,
            emailAddress: customer.email,
            ...(customer.accountNumber ? { accountNumber: customer.accountNumber } : {}),
          },
        ],
      },
      false,
      idempotencyKey,
    ),
  );
  const made = res.body.contacts?.[0];
  const errors = (made?.validationErrors ?? []).map((e) => e.message).filter(Boolean);
  if (errors.length > 0) throw new VendorError('validation', 'xero', errors.join('; '));
  if (!made?.contactID) throw new VendorError('retryable', 'xero', 'contact create returned no ContactID');
  return made.contactID;
}

/**
 * The invoice an earlier attempt made, found by its reference, contact and currency: Xero keeps an
 * Idempotency-Key only minutes, so a retry after a longer outage looks before it creates again.
 */
export async function findOrderInvoice(
  api: XeroApi,
  query: { reference: string; xeroContactId: string; currency: string },
): Promise<string | undefined> {
  const where = `Reference==${quote(query.reference)} AND CurrencyCode==${quote(query.currency)}`;
  const res = await api.call((xero, tenant) =>
    xero.getInvoices(
      tenant,
      undefined,
      where,
      undefined,
      undefined,
      undefined,
      [query.xeroContactId],
      ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID'],
    ),
  );
  return res.body.invoices?.find((i) => i.invoiceID && String(i.type) === 'ACCREC')?.invoiceID;
}
