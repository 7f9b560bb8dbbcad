import type { Connection, ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { linkAccount, type AccountPort, type LinkOutcome } from '../../sync/accountLinker';
import type {
  CrmTarget,
  DealWrite,
  SyncContext,
  UpsertAccountPlan,
  UpsertDealPlan,
} from '../../sync/crmTarget';
import type { ReviewQueue } from '../../sync/reviewQueue';
import { VendorError } from '../errors';
import { ZohoAccounts } from './zohoAccounts';
import { ZohoBackfill } from './zohoBackfill';
import type { ZohoClient } from './zohoClient';
import { zohoConnectionClient } from './zohoConnectionClient';
import { ZohoDeals } from './zohoDeals';
import { ZohoDealWrites } from './zohoDealWrites';
import type { ZohoClientOptions } from './zohoHttp';
import { ZohoInvoiceFiles } from './zohoInvoiceFiles';
import { missingInvoiceRecordFields, upsertInvoiceRecord } from './zohoInvoiceRecords';
import { ZohoParity } from './zohoParity';
import { ZohoPaymentsPort } from './zohoPaymentsPort';
import { missingLedgerbridgeFields } from './zohoSchema';
import { ZohoStages } from './zohoStages';

/**
 * Zoho CRM as a target of the Xero-to-CRM flow and the source of won deals, over the typed v8
 * client: accounts linked by the unique Xero_Contact_ID, deals upserted by the unique
 * Xero_Invoice_ID, each read first and written only where a field differs. Before its first write
 * it checks the org has Ledgerbridge's custom fields (Zoho's API cannot make them) and names any
 * that are missing.
 */
export class ZohoCrm implements CrmTarget {
  readonly vendor = 'zoho' as const;
  readonly backfill: ZohoBackfill;
  readonly deals: ZohoDeals;
  readonly parity: ZohoParity;
  readonly processorPayments: ZohoPaymentsPort;
  readonly invoiceFiles: ZohoInvoiceFiles;
  private readonly client: ZohoClient;
  private readonly accounts: ZohoAccounts;
  private readonly dealWrites: ZohoDealWrites;
  private ready: Promise<void> | undefined;
  private invoiceRecords: Promise<boolean> | undefined;

  constructor(
    private readonly deps: {
      connection: Connection;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
      reviews: ReviewQueue;
      now?: () => Date;
      /** Test seams (the emulator's clock, a faulty fetch). */
      clientOptions?: Pick<ZohoClientOptions, 'now' | 'fetch' | 'sleep'>;
    },
  ) {
    const now = deps.now ?? (() => new Date());
    const connectionId = deps.connection.id;
    const ensureReady = () => this.ensureReady();
    this.client = zohoConnectionClient({
      connection: deps.connection,
      connections: deps.connections,
      refresh: deps.refresh,
      pacer: deps.pacer,
      ...(deps.clientOptions ? { options: deps.clientOptions } : {}),
    });
    const client = this.client;
    this.accounts = new ZohoAccounts({ crmConnectionId: connectionId, client, now });
    const stages = new ZohoStages(client);
    const stageOf = (stage: string) => stages.resolve(stage);
    this.dealWrites = new ZohoDealWrites({ client, stageOf });
    this.backfill = new ZohoBackfill({
      crmConnectionId: connectionId,
      client,
      accounts: this.accounts,
      reviews: deps.reviews,
      ensureReady,
      now,
      stageOf,
    });
    this.deals = new ZohoDeals({ connectionId, client, ensureReady, now });
    this.parity = new ZohoParity({ client, ensureReady });
    this.processorPayments = new ZohoPaymentsPort({ client, ensureReady });
    this.invoiceFiles = new ZohoInvoiceFiles({ client, now });
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  async upsertAccount(plan: UpsertAccountPlan, context: SyncContext): Promise<LinkOutcome> {
    await this.ensureReady();
    return linkAccount(this.accounts, plan.contact, plan.owner, this.deps.reviews, context.xeroTenantId);
  }

  async upsertDeal(plan: UpsertDealPlan, context: SyncContext): Promise<DealWrite> {
    await this.ensureReady();
    const account = plan.contact
      ? await linkAccount(this.accounts, plan.contact, plan.owner, this.deps.reviews, context.xeroTenantId)
      : undefined;
    const origin = context.originDeal?.crmConnectionId === this.connectionId ? context.originDeal : undefined;
    const written = await this.dealWrites.write(plan, account, origin?.dealId);
    // The account's and deal's related list of Xero invoices, where the org has the optional module.
    if (!(await this.hasInvoiceRecords())) return written;
    const accountId = account?.kind === 'linked' ? account.result.recordId : undefined;
    const invoiceRecord = await upsertInvoiceRecord(this.client, plan.invoice, {
      dealId: written.deal.recordId,
      ...(accountId ? { accountId } : {}),
    });
    return { ...written, invoiceRecord };
  }

  /** Whether the org has the Xero_Invoices module with its fields (asked once per adapter). */
  private hasInvoiceRecords(): Promise<boolean> {
    this.invoiceRecords ??= missingInvoiceRecordFields(this.client).then(
      (missing) => missing.length === 0,
      (err: unknown) => {
        this.invoiceRecords = undefined;
        throw err;
      },
    );
    return this.invoiceRecords;
  }

  async personAccounts(): Promise<AccountPort> {
    await this.ensureReady();
    return this.accounts;
  }

  /** The org's missing Ledgerbridge fields, named (a validation error: an admin adds them, then it retries). */
  ensureReady(): Promise<void> {
    this.ready ??= missingLedgerbridgeFields(this.client).then(
      (missing) => {
        if (missing.length === 0) return;
        this.ready = undefined;
        throw new VendorError(
          'validation',
          'zoho',
          `the Zoho org lacks Ledgerbridge's custom fields (Setup > Modules and Fields): ${missing.join(', ')}`,
        );
      },
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }
}
