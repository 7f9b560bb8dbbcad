import { z } from 'zod';
import type { CrmAccountFacts, CrmDealFacts } from '../../../workflows/domain/parity/parityFacts';
import type { CrmParitySource } from '../../parity/crmParitySource';
import type { ZohoClient } from './zohoClient';
import { coqlIdPage } from './zohoCoqlPages';
import { parseAnswer } from './zohoSchemas';
import { ZOHO_WON_STAGE } from './zohoDealRecord';
import { ACCOUNT, DEAL } from './zohoSchema';

const dealRow = z.looseObject({
  id: z.string(),
  [DEAL.name]: z.string().nullish(),
  [DEAL.stage]: z.string().nullish(),
  [DEAL.amount]: z.number().nullish(),
  [DEAL.closingDate]: z.string().nullish(),
  /** COQL answers a lookup as `{ id }`. */
  [DEAL.account]: z.looseObject({ id: z.string() }).nullish(),
  [DEAL.xeroInvoiceId]: z.string().nullish(),
  [DEAL.invoiceNumber]: z.string().nullish(),
  [DEAL.invoiceStatus]: z.string().nullish(),
  [DEAL.amountDue]: z.number().nullish(),
  [DEAL.amountPaid]: z.number().nullish(),
});
type DealRow = z.infer<typeof dealRow>;

const accountRow = z.looseObject({
  id: z.string(),
  [ACCOUNT.name]: z.string().nullish(),
  [ACCOUNT.xeroContactId]: z.string().nullish(),
});

const DEAL_FIELDS = [
  DEAL.name,
  DEAL.stage,
  DEAL.amount,
  DEAL.closingDate,
  DEAL.account,
  DEAL.xeroInvoiceId,
  DEAL.invoiceNumber,
  DEAL.invoiceStatus,
  DEAL.amountDue,
  DEAL.amountPaid,
];

/** Linked, won, or carrying an invoice number some other process typed in (cutover reports). */
const PARITY_DEALS = `((${DEAL.xeroInvoiceId} is not null or ${DEAL.invoiceNumber} is not null) or ${DEAL.stage} = '${ZOHO_WON_STAGE}')`;
const LINKED_ACCOUNTS = `${ACCOUNT.xeroContactId} is not null`;

/**
 * Parity reads from Zoho CRM: COQL by id ranges, 2,000 filtered rows a call for 3 credits. A
 * listing (GET /Deals, page_token past 2,000) returns 200 records a call for 1 credit, every deal
 * linked or not: 5 credits and 5 calls per 1,000 deals against COQL's 1.5 credits and half a call
 * per 1,000 that qualify, so COQL is the cheaper read whatever the mix. `next` is
 * the last id read. Zoho stores currency per org unless multi-currency is on: no currency is read
 * (as Salesforce's single-currency orgs).
 */
export class ZohoParity implements CrmParitySource {
  constructor(private readonly deps: { client: ZohoClient; ensureReady: () => Promise<void> }) {}

  async dealsPage(next: string | undefined): Promise<{ deals: CrmDealFacts[]; next: string | undefined }> {
    await this.deps.ensureReady();
    const page = await coqlIdPage(this.deps.client, {
      module: DEAL.module,
      fields: DEAL_FIELDS,
      where: PARITY_DEALS,
      after: next,
    });
    const deals = page.records.map((raw) => dealFacts(parseAnswer(dealRow, raw, 'a COQL deal row')));
    return { deals, next: page.next };
  }

  async accountsPage(
    next: string | undefined,
  ): Promise<{ accounts: CrmAccountFacts[]; next: string | undefined }> {
    await this.deps.ensureReady();
    const page = await coqlIdPage(this.deps.client, {
      module: ACCOUNT.module,
      fields: [ACCOUNT.name, ACCOUNT.xeroContactId],
      where: LINKED_ACCOUNTS,
      after: next,
    });
    const accounts = page.records.map((raw): CrmAccountFacts => {
      const r = parseAnswer(accountRow, raw, 'a COQL account row');
      const link = r[ACCOUNT.xeroContactId];
      return { id: r.id, name: r[ACCOUNT.name] ?? '', ...(link ? { xeroContactId: link } : {}) };
    });
    return { accounts, next: page.next };
  }
}

function dealFacts(r: DealRow): CrmDealFacts {
  const xeroInvoiceId = r[DEAL.xeroInvoiceId];
  const invoiceNumber = r[DEAL.invoiceNumber];
  const invoiceStatus = r[DEAL.invoiceStatus];
  const closeDate = r[DEAL.closingDate];
  const accountId = r[DEAL.account]?.id;
  return {
    id: r.id,
    name: r[DEAL.name] ?? '',
    isWon: r[DEAL.stage] === ZOHO_WON_STAGE,
    amount: r[DEAL.amount] ?? null,
    amountDue: r[DEAL.amountDue] ?? null,
    amountPaid: r[DEAL.amountPaid] ?? null,
    ...(xeroInvoiceId ? { xeroInvoiceId } : {}),
    ...(invoiceNumber ? { invoiceNumber } : {}),
    ...(invoiceStatus ? { invoiceStatus } : {}),
    ...(closeDate ? { closeDate } : {}),
    ...(accountId ? { accountCrmId: accountId } : {}),
  };
}
