import { randomUUID } from 'node:crypto';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import { DeliveryStops } from '../../../worker/delivery/deliveryStops';
import { readDeliveryInvoice } from '../../../worker/delivery/readDeliveryInvoice';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/** delivery_stops on PGlite: one standing stop per installation and invoice, read by the delivery read. */
let store: Store;
let stops: DeliveryStops;
let now: Date;
let installationId: string;
let otherId: string;

beforeAll(async () => {
  store = await createTestStore('pglite');
  const installations = new InstallationStore(store.db);
  installationId = (await installations.ensure({ slug: `stops-${randomUUID().slice(0, 8)}` })).id;
  otherId = (await installations.ensure({ slug: `other-${randomUUID().slice(0, 8)}` })).id;
  now = new Date(Date.UTC(2031, 2, 10, 9, 30));
  stops = new DeliveryStops(store.db, () => now);
});
afterAll(() => store.close());

it('records, restates, lists and lifts a stop, per installation, whatever the GUID’s case', async () => {
  const invoice = randomUUID();
  await stops.stop({
    installationId,
    xeroInvoiceId: invoice.toUpperCase(),
    by: 'ops:ann',
    reason: 'disputed',
  });
  expect(await stops.find(installationId, invoice)).toEqual({
    installationId,
    xeroInvoiceId: invoice,
    by: 'ops:ann',
    reason: 'disputed',
    at: now,
  });
  expect(await stops.find(otherId, invoice)).toBeUndefined();

  now = new Date(now.getTime() + 60_000);
  await stops.stop({ installationId, xeroInvoiceId: invoice, by: 'ops:bob', reason: 'paying by cheque' });
  const second = randomUUID();
  await stops.stop({ installationId: otherId, xeroInvoiceId: second, by: 'ops:cy', reason: 'elsewhere' });
  expect(await stops.listForInstallation(installationId)).toEqual([
    { installationId, xeroInvoiceId: invoice, by: 'ops:bob', reason: 'paying by cheque', at: now },
  ]);

  expect(await stops.resume(otherId, invoice)).toBeUndefined();
  expect(await stops.resume(installationId, invoice.toUpperCase())).toMatchObject({ by: 'ops:bob' });
  expect(await stops.find(installationId, invoice)).toBeUndefined();
  expect(await stops.listForInstallation(installationId)).toEqual([]);
  expect(await stops.listForInstallation(otherId)).toHaveLength(1);
});

it('gives the delivery read the standing stop as stoppedBy, and nothing once it is lifted', async () => {
  const xeroInvoiceId = randomUUID();
  const invoice: CanonicalInvoice = {
    xeroInvoiceId,
    number: 'INV-7',
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: randomUUID(),
    contactName: 'Acme',
    currency: 'NZD',
    date: '2031-03-01',
    dueDate: '2031-03-31',
    subTotal: 100,
    totalTax: 15,
    total: 115,
    amountDue: 115,
    amountPaid: 0,
    amountCredited: 0,
    lines: [],
    updatedAt: '2031-03-01T00:00:00Z',
  };
  const deps = {
    xero: () =>
      Promise.resolve({
        getInvoice: () => Promise.resolve(invoice),
        getContact: () =>
          Promise.resolve({
            xeroContactId: invoice.contactId,
            name: 'Acme',
            email: 'ap@acme.test',
            groups: [],
            isCustomer: true,
            status: 'ACTIVE' as const,
            updatedAt: '2031-03-01T00:00:00Z',
          }),
      }),
    loadInstallationSettings: () => Promise.resolve({ delivery: { sender: 'ledgerbridge' } }),
    now: () => now,
    deliveryStops: stops,
  };
  const ref = { installationId, xeroTenantId: randomUUID(), xeroInvoiceId };
  expect((await readDeliveryInvoice(deps, ref))?.stoppedBy).toBeUndefined();
  await stops.stop({ installationId, xeroInvoiceId, by: 'ops:ann', reason: 'disputed' });
  expect((await readDeliveryInvoice(deps, ref))?.stoppedBy).toEqual({
    by: 'ops:ann',
    reason: 'disputed',
    at: now.toISOString(),
  });
  // Another installation's stop of the same invoice ID is not this one's.
  expect((await readDeliveryInvoice(deps, { ...ref, installationId: otherId }))?.stoppedBy).toBeUndefined();
  await stops.resume(installationId, xeroInvoiceId);
  expect((await readDeliveryInvoice(deps, ref))?.stoppedBy).toBeUndefined();
});
