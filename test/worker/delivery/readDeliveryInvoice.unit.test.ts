import { randomUUID } from 'node:crypto';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import { VendorError } from '../../../worker/connectors/errors';
import { readDeliveryInvoice } from '../../../worker/delivery/readDeliveryInvoice';

const NOW = new Date('2031-04-10T23:30:00Z');
const ref = { installationId: randomUUID(), xeroTenantId: randomUUID(), xeroInvoiceId: randomUUID() };

const invoice = (fields: Partial<CanonicalInvoice> = {}): CanonicalInvoice => ({
  xeroInvoiceId: ref.xeroInvoiceId,
  number: 'INV-0042',
  type: 'ACCREC',
  status: 'AUTHORISED',
  contactId: randomUUID(),
  contactName: 'Acme',
  currency: 'NZD',
  date: '2031-04-01',
  dueDate: '2031-04-30',
  subTotal: 1000,
  totalTax: 150,
  total: 1150,
  amountDue: 1150,
  amountPaid: 0,
  amountCredited: 0,
  lines: [
    { description: 'Licence', quantity: 1, unitAmount: 1000, lineAmount: 1000, taxAmount: 150, tracking: [] },
  ],
  updatedAt: '2031-04-01T00:00:00Z',
  ...fields,
});
const contact = (email?: string): CanonicalContact => ({
  xeroContactId: randomUUID(),
  name: 'Acme',
  ...(email ? { email } : {}),
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
  updatedAt: '2031-04-01T00:00:00Z',
});

function read(
  found: CanonicalInvoice | Error,
  settings: unknown = { delivery: { sender: 'ledgerbridge' } },
  email = 'ap@acme.test',
  sentByLedgerbridge = false,
) {
  const reads = { contacts: 0 };
  const deps = {
    xero: () =>
      Promise.resolve({
        getInvoice: () => (found instanceof Error ? Promise.reject(found) : Promise.resolve(found)),
        getContact: () => {
          reads.contacts++;
          return Promise.resolve(contact(email));
        },
      }),
    loadInstallationSettings: () => Promise.resolve(settings),
    now: () => NOW,
    sentByLedgerbridge: () => Promise.resolve(sentByLedgerbridge),
  };
  return { result: readDeliveryInvoice(deps, ref), reads };
}

describe('readDeliveryInvoice', () => {
  it('reads an approved invoice with an addressed contact as deliverable, under the installation’s settings', async () => {
    const { result } = read(invoice(), {
      delivery: { sender: 'xero', reminderDays: [0, 5], fileInCrm: false },
      payments: { timeZone: 'Pacific/Auckland' },
    });
    expect(await result).toMatchObject({
      state: 'open',
      approved: true,
      deliverable: true,
      number: 'INV-0042',
      dueDate: '2031-04-30',
      // 23:30 UTC on the 10th is the 11th in Auckland.
      today: '2031-04-11',
      sender: 'xero',
      reminderDays: [0, 5],
      fileInCrm: false,
    });
  });

  it('keeps the defaults without settings: nobody sends or files, and the contact is not read', async () => {
    const { result, reads } = read(invoice(), {});
    expect(await result).toMatchObject({
      sender: 'off',
      reminderDays: [-3, 0, 7, 14],
      fileInCrm: false,
      today: '2031-04-10',
    });
    expect(reads.contacts).toBe(0);
  });

  it('does not deliver drafts, bills, or to a contact without an address', async () => {
    expect(await read(invoice({ status: 'DRAFT' })).result).toMatchObject({
      approved: false,
      deliverable: false,
    });
    expect(await read(invoice({ type: 'ACCPAY' })).result).toMatchObject({ approved: false });
    expect(await read(invoice(), undefined, '').result).toMatchObject({ approved: true, deliverable: false });
  });

  it('leaves an invoice someone sent from Xero alone, unless Ledgerbridge e-mailed an earlier version', async () => {
    const sentInXero = invoice({ sentToContact: true });
    expect(await read(sentInXero).result).toMatchObject({ approved: true, deliverable: false });
    expect(await read(sentInXero, undefined, 'ap@acme.test', true).result).toMatchObject({
      deliverable: true,
    });
    expect(await read(invoice({ sentToContact: false })).result).toMatchObject({ deliverable: true });
  });

  it('keeps the version through payments and changes it with an amendment', async () => {
    const original = invoice();
    const version = (await read(original).result)?.version;
    const paid = await read({ ...original, status: 'PAID', amountDue: 0, amountPaid: 1150 }).result;
    expect(paid).toMatchObject({ state: 'paid', version });
    const amended = await read({ ...original, total: 1265, totalTax: 165 }).result;
    expect(amended?.version).not.toBe(version);
  });

  it('answers undefined for an invoice Xero no longer has, and passes other failures on', async () => {
    expect(await read(new VendorError('notFound', 'xero', 'no such invoice')).result).toBeUndefined();
    await expect(read(new VendorError('rateLimited', 'xero', 'slow down')).result).rejects.toThrow(
      'slow down',
    );
  });
});
