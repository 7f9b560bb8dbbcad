import { z } from 'zod';
import { createRng, pick } from '../core/random';
import { associationTypes } from './objectTypes';
import { CURRENCY_CODES, DEFAULT_DEAL_STAGES } from './properties';
import type { CrmStore } from './store';

/**
 * A deterministic demo portal: companies with contacts, deals spread over every stage of the
 * default pipeline (so closed-won and closed-lost both exist), in several currencies, each with line
 * items, a company (primary) and a contact, plus a few tasks and notes on deals. The same params
 * always give the same records, ids and values.
 */
export const hubspotSeedSchema = z.object({
  seed: z.number().int().default(7),
  portalId: z.number().int().positive().optional(),
  asOf: z.iso.date().default('2026-11-01'),
  companies: z.number().int().min(0).max(10_000).default(8),
  contactsPerCompany: z.number().int().min(0).max(50).default(2),
  deals: z.number().int().min(0).max(50_000).default(21),
  lineItemsPerDeal: z.number().int().min(0).max(20).default(2),
  currencies: z.array(z.enum(CURRENCY_CODES)).min(1).default(['USD', 'EUR', 'GBP']),
  tasks: z.number().int().min(0).max(10_000).default(5),
  notes: z.number().int().min(0).max(10_000).default(3),
});

export type HubSpotSeed = z.input<typeof hubspotSeedSchema>;

export interface HubSpotSeedResult {
  portalId: number;
  counts: {
    companies: number;
    contacts: number;
    deals: number;
    line_items: number;
    tasks: number;
    notes: number;
  };
  stages: Record<string, number>;
}

const COMPANY_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Hooli',
  'Vandelay',
];
const COMPANY_SUFFIX = ['Ltd', 'Inc', 'GmbH', 'Pty Ltd', 'LLC', 'plc'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Linus'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Allen',
  'Torvalds',
];
const PRODUCTS: Array<[name: string, sku: string, price: number]> = [
  ['Implementation package', 'IMPL-01', 4500],
  ['Annual subscription', 'SUB-12', 12000],
  ['Training day', 'TRN-1D', 1200],
  ['Support retainer', 'SUP-RT', 800],
  ['Data migration', 'MIG-01', 2500],
];
const COUNTRIES = ['United States', 'Germany', 'United Kingdom', 'Australia', 'New Zealand', 'Canada'];

export function seedHubSpot(store: CrmStore, params: z.output<typeof hubspotSeedSchema>): HubSpotSeedResult {
  const rng = createRng(params.seed);
  const asOf = Date.parse(`${params.asOf}T00:00:00Z`);
  const day = 86_400_000;
  const companyIds: string[] = [];
  const contactIds: string[] = [];
  const stages: Record<string, number> = {};
  const source = 'IMPORT' as const;
  const c2c = associationTypes('contacts', 'companies');
  const d2co = associationTypes('deals', 'companies');

  for (let i = 0; i < params.companies; i++) {
    const word = COMPANY_WORDS[i % COMPANY_WORDS.length] ?? 'Acme';
    const name = `${word} ${pick(rng, COMPANY_SUFFIX)}${i >= COMPANY_WORDS.length ? ` ${Math.floor(i / COMPANY_WORDS.length) + 1}` : ''}`;
    const company = store.create(
      'companies',
      {
        name,
        domain: `${word.toLowerCase()}${i >= COMPANY_WORDS.length ? i : ''}.example.com`,
        country: pick(rng, COUNTRIES),
        industry: 'COMPUTER_SOFTWARE',
      },
      source,
    );
    companyIds.push(company.id);
    for (let j = 0; j < params.contactsPerCompany; j++) {
      const first = pick(rng, FIRST);
      const last = pick(rng, LAST);
      const contact = store.create(
        'contacts',
        {
          firstname: first,
          lastname: last,
          email:
            `${first}.${last}.${contactIds.length + 1}@${word.toLowerCase()}${i >= COMPANY_WORDS.length ? i : ''}.example.com`.toLowerCase(),
          company: name,
          jobtitle: j === 0 ? 'Finance Director' : 'Buyer',
        },
        source,
      );
      contactIds.push(contact.id);
      store.associate('contacts', contact.id, 'companies', company.id, [
        c2c.unlabeled,
        ...(j === 0 && c2c.primary ? [c2c.primary] : []),
      ]);
    }
  }

  let lineItems = 0;
  const dealIds: string[] = [];
  for (let i = 0; i < params.deals; i++) {
    const stage = DEFAULT_DEAL_STAGES[i % DEFAULT_DEAL_STAGES.length] ?? 'appointmentscheduled';
    stages[stage] = (stages[stage] ?? 0) + 1;
    const currency = params.currencies[i % params.currencies.length] ?? 'USD';
    const closed = stage === 'closedwon' || stage === 'closedlost';
    const offsetDays = Math.floor(rng() * 60) + 1;
    const items = Array.from({ length: params.lineItemsPerDeal }, () => {
      const [name, sku, price] = pick(rng, PRODUCTS);
      return { name, sku, price, quantity: 1 + Math.floor(rng() * 3) };
    });
    const amount = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    const companyId = companyIds.length ? companyIds[i % companyIds.length] : undefined;
    const deal = store.create(
      'deals',
      {
        dealname: `Deal ${String(i + 1).padStart(3, '0')}${companyId ? ` – ${store.find('companies', companyId)?.properties.name ?? ''}` : ''}`,
        pipeline: 'default',
        dealstage: stage,
        amount: String(amount),
        deal_currency_code: currency,
        closedate: new Date(asOf + (closed ? -offsetDays : offsetDays) * day).toISOString(),
      },
      source,
    );
    dealIds.push(deal.id);
    if (companyId)
      store.associate('deals', deal.id, 'companies', companyId, [
        d2co.unlabeled,
        ...(d2co.primary ? [d2co.primary] : []),
      ]);
    const contactId = contactIds.length ? contactIds[i % contactIds.length] : undefined;
    if (contactId)
      store.associate('deals', deal.id, 'contacts', contactId, [
        associationTypes('deals', 'contacts').unlabeled,
      ]);
    for (const item of items) {
      const line = store.create(
        'line_items',
        {
          name: item.name,
          hs_sku: item.sku,
          price: String(item.price),
          quantity: String(item.quantity),
          hs_line_item_currency_code: currency,
        },
        source,
      );
      lineItems++;
      store.associate('line_items', line.id, 'deals', deal.id, [
        associationTypes('line_items', 'deals').unlabeled,
      ]);
    }
  }

  const engagements = (type: 'tasks' | 'notes', count: number) => {
    for (let i = 0; i < count; i++) {
      const dealId = dealIds.length ? dealIds[i % dealIds.length] : undefined;
      const props =
        type === 'tasks'
          ? {
              hs_task_subject: `Follow up on invoice ${i + 1}`,
              hs_task_status: i % 2 === 0 ? 'NOT_STARTED' : 'COMPLETED',
              hs_task_priority: 'MEDIUM',
              hs_timestamp: new Date(asOf + (i + 1) * day).toISOString(),
            }
          : {
              hs_note_body: `Customer asked about invoice terms (${i + 1}).`,
              hs_timestamp: new Date(asOf).toISOString(),
            };
      const record = store.create(type, props, source);
      if (dealId)
        store.associate(type, record.id, 'deals', dealId, [associationTypes(type, 'deals').unlabeled]);
    }
  };
  engagements('tasks', params.tasks);
  engagements('notes', params.notes);

  return {
    portalId: store.portalId,
    counts: {
      companies: companyIds.length,
      contacts: contactIds.length,
      deals: dealIds.length,
      line_items: lineItems,
      tasks: params.tasks,
      notes: params.notes,
    },
    stages,
  };
}
