import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { planAccountLinks } from '../../../workflows/domain/accountLinkPlan';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';
import type { BatchOutcome, CrmBackfill, SyncContext } from '../../sync/crmTarget';
import { accountLinksOf } from '../../sync/recordLinks';
import type { ReviewQueue } from '../../sync/reviewQueue';
import { companyFields, dealProperties, type Properties } from './hubspotProperties';

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH_SIZE = 100;
/** HubSpot's default deal → company association (primary company). */
const DEAL_TO_COMPANY_PRIMARY = 5;

/**
 * The initial load into HubSpot in as few calls as its API allows: companies listed once per page
 * (100 a call), then everything written 100 to a call (batch update, batch upsert by the unique
 * link property, batch association).
 */
export class HubspotBackfill implements CrmBackfill {
  constructor(
    private readonly deps: {
      crmConnectionId: string;
      call<T>(fn: (client: Client) => Promise<T>): Promise<T>;
      ensureReady(): Promise<void>;
      stageId(stage: string): Promise<string>;
      reviews: ReviewQueue;
    },
  ) {}

  async accounts(
    contacts: CanonicalContact[],
    owner: 'xero' | 'crm',
    context: SyncContext,
  ): Promise<BatchOutcome> {
    await this.deps.ensureReady();
    const index = await this.companyIndex(context.backfillId);
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    const updates: Array<{ id: string; properties: Properties }> = [];
    const creates: Array<{ id: string; idProperty: string; properties: Properties }> = [];
    for (const step of planAccountLinks(contacts, index, owner)) {
      const xeroId = step.contact.xeroContactId;
      if (step.kind === 'update') {
        const current = index.find((c) => c.crmId === step.crmId);
        const wanted: Properties = {
          xero_contact_id: xeroId,
          ...companyFields(step.contact, step.withDetails),
        };
        if (current?.linkedXeroContactId !== xeroId || (step.withDetails && current.name !== wanted.name))
          updates.push({ id: step.crmId, properties: wanted });
      } else if (step.kind === 'create') {
        creates.push({
          id: xeroId,
          idProperty: 'xero_contact_id',
          properties: companyFields(step.contact, true),
        });
      } else {
        await this.deps.reviews.enqueue({
          crmConnectionId: this.deps.crmConnectionId,
          xeroTenantId: context.xeroTenantId,
          xeroContactId: xeroId,
          contactName: step.contact.name,
          email: step.contact.email,
          taxNumber: step.contact.taxNumber,
          reason: step.reason,
          rule: step.reason === 'ambiguous' ? 'name' : undefined,
          candidates: step.candidates.map((c) => ({ crmId: c.crmId, name: c.name })),
        });
        outcome.queuedForReview++;
      }
    }
    for (const chunk of chunks(updates)) {
      const res = await this.deps.call((client) => client.crm.companies.batchApi.update({ inputs: chunk }));
      outcome.written += res.results.length;
      // Keep the run's cached index true to what was just written (see companyIndex).
      for (const c of res.results) {
        const entry = index.find((e) => e.crmId === c.id);
        if (entry)
          Object.assign(entry, {
            linkedXeroContactId: c.properties.xero_contact_id ?? undefined,
            name: c.properties.name ?? entry.name,
          });
      }
    }
    for (const chunk of chunks(creates)) {
      const res = await this.deps.call((client) => client.crm.companies.batchApi.upsert({ inputs: chunk }));
      outcome.written += res.results.length;
      for (const c of res.results)
        if (!index.some((e) => e.crmId === c.id))
          index.push({
            crmId: c.id,
            name: c.properties.name ?? '',
            linkedXeroContactId: c.properties.xero_contact_id ?? undefined,
          });
    }
    outcome.linked = accountLinksOf(contacts, index, outcome.failed);
    return outcome;
  }

  async deals(
    items: Array<{ invoice: CanonicalInvoice; deal: DealFromInvoice }>,
    context: SyncContext,
  ): Promise<BatchOutcome> {
    await this.deps.ensureReady();
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    // The run's company index already knows every link it made; outside a backfill run, read them.
    const companyOf = context.backfillId
      ? new Map(
          (await this.companyIndex(context.backfillId)).flatMap((c) =>
            c.linkedXeroContactId ? [[c.linkedXeroContactId, c.crmId] as const] : [],
          ),
        )
      : await this.linkedCompanies([...new Set(items.map((i) => i.invoice.contactId))]);
    for (const chunk of chunks(items)) {
      const inputs = await Promise.all(
        chunk.map(async (i) => ({
          id: i.invoice.xeroInvoiceId,
          idProperty: 'xero_invoice_id',
          properties: dealProperties(i.deal, await this.deps.stageId(i.deal.stage)),
        })),
      );
      const res = await this.deps.call((client) => client.crm.deals.batchApi.upsert({ inputs }));
      outcome.written += res.results.length;
      const dealIdOf = new Map(res.results.map((d) => [d.properties.xero_invoice_id, d.id]));
      const links = chunk.flatMap((i) => {
        const dealId = dealIdOf.get(i.invoice.xeroInvoiceId);
        const companyId = companyOf.get(i.invoice.contactId);
        return dealId && companyId ? [{ dealId, companyId }] : [];
      });
      if (links.length > 0)
        await this.deps.call((client) =>
          client.crm.associations.v4.batchApi.create('deals', 'companies', {
            inputs: links.map((l) => ({
              _from: { id: l.dealId },
              to: { id: l.companyId },
              types: [
                {
                  associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                  associationTypeId: DEAL_TO_COMPANY_PRIMARY,
                },
              ],
            })),
          }),
        );
    }
    return outcome;
  }

  private cached: { key: string; index: CrmCandidate[] } | undefined;

  /** Read once per backfill run and kept current with its writes (as Salesforce's account index). */
  private async companyIndex(key: string | undefined): Promise<CrmCandidate[]> {
    if (key && this.cached?.key === key) return this.cached.index;
    const index = await this.readCompanyIndex();
    if (key) this.cached = { key, index };
    return index;
  }

  /** Every company with its name and link (100 a page, HubSpot's largest). */
  private async readCompanyIndex(): Promise<CrmCandidate[]> {
    const companies: CrmCandidate[] = [];
    let after: string | undefined;
    do {
      const page = await this.deps.call((client) =>
        client.crm.companies.basicApi.getPage(BATCH_SIZE, after, ['name', 'xero_contact_id']),
      );
      for (const c of page.results)
        companies.push({
          crmId: c.id,
          name: c.properties.name ?? '',
          linkedXeroContactId: c.properties.xero_contact_id ?? undefined,
        });
      after = page.paging?.next?.after;
    } while (after);
    return companies;
  }

  /** Xero contact ID → company ID, read 100 at a time by the unique link property. */
  private async linkedCompanies(xeroContactIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const chunk of chunks(xeroContactIds)) {
      const res = await this.deps.call((client) =>
        client.crm.companies.batchApi.read({
          idProperty: 'xero_contact_id',
          inputs: chunk.map((id) => ({ id })),
          properties: ['xero_contact_id'],
          propertiesWithHistory: [],
        }),
      );
      for (const c of res.results)
        if (c.properties.xero_contact_id) found.set(c.properties.xero_contact_id, c.id);
    }
    return found;
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}
