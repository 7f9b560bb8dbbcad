import { ZohoPaymentsPort } from '../../../../worker/connectors/zoho/zohoPaymentsPort';
import {
  countRecordWrites,
  startZohoClientHarness,
  type ConnectedOrg,
  type ZohoClientHarness,
} from './zohoClientHarness';

export const INVOICE = '9a1d7c52-2f4b-4e0a-8c3d-000000000201';
export const CONTACT = '3f2e1d0c-0000-4000-8000-000000000301';

/** A ZohoPaymentsPort on a fresh emulator org holding one account and its deal for INVOICE. */
export interface PaymentsPortSetup {
  h: ZohoClientHarness;
  org: ConnectedOrg;
  port: ZohoPaymentsPort;
  ensureReady: jest.Mock<Promise<void>, []>;
  /** The records writes that reached Zoho, whatever method made them. */
  writes(): number;
  accountId: string;
  dealId: string;
  /** The org's one user, every record's owner. */
  userId: string;
  stored(module: string, id: string): Record<string, unknown>;
  /** A minute on: a write after it moves Modified_Time. */
  later(): void;
}

export async function startPaymentsPort(): Promise<PaymentsPortSetup> {
  const h = await startZohoClientHarness();
  const org = await h.connectOrg('eu');
  const { client } = org;
  const writes = countRecordWrites(client);
  const ensureReady = jest.fn(() => Promise.resolve());
  const accountId = String(
    h.emulator.seedRecord(org.orgId, 'Accounts', { Account_Name: 'Acme Ltd', Xero_Contact_ID: CONTACT }).id,
  );
  const dealId = String(
    h.emulator.seedRecord(org.orgId, 'Deals', {
      Deal_Name: 'Acme Ltd – INV-0042',
      Stage: 'Closed Won',
      Xero_Invoice_ID: INVOICE,
      Account_Name: { id: accountId },
    }).id,
  );
  return {
    h,
    org,
    port: new ZohoPaymentsPort({ client, ensureReady }),
    ensureReady,
    writes,
    accountId,
    dealId,
    userId: h.emulator.org(org.orgId).user.id,
    stored(module, id) {
      const record = h.emulator.records(org.orgId, module).find((r) => r.id === id);
      if (!record) throw new Error(`${module} ${id} not stored`);
      return record;
    },
    later: () => h.clock.advance(60_000),
  };
}
