import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import {
  activityEventId,
  occurrencesOf,
  TIMELINE_EVENT_TYPES,
  type InvoiceActivity,
} from '../../../../worker/connectors/hubspot/hubspotTimelineEvents';
import { anInvoice } from '../../../factories/canonical';

const PROJECT = path.resolve(__dirname, '../../../../hubspot-project');
const EVENTS_DIR = path.join(PROJECT, 'app-events');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8'));
const eventTypes = readdirSync(EVENTS_DIR).map(
  (f) =>
    readJson(path.join(EVENTS_DIR, f)) as {
      uid: string;
      config: { objectType: string; properties: Array<{ name: string; options?: Array<{ value: string }> }> };
    },
);

const invoice = anInvoice({
  xeroInvoiceId: '5b0e3a1c-4d2f-4a8e-9c61-0f3e2d1c4b5a',
  number: 'INV-0107',
  total: 1_234.5,
  amountDue: 234.5,
  currency: 'EUR',
  date: '2026-11-03',
  onlineUrl: 'https://in.xero.com/abc',
});
const created: InvoiceActivity = { kind: 'invoiceCreated', invoice };
const paid: InvoiceActivity = {
  kind: 'paymentApplied',
  invoice,
  payment: { xeroPaymentId: '9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d', date: '2026-11-10', amount: 1_000 },
};

describe('HubSpot timeline events of invoice activity', () => {
  it('an invoice gives one occurrence on the deal and one on its company, same stable id', () => {
    const events = occurrencesOf(created, { dealId: '1001', companyId: '2002' });
    expect(events).toEqual([
      {
        eventTypeName: 'xero_activity_deal',
        objectId: '1001',
        id: 'xero-invoice-5b0e3a1c-4d2f-4a8e-9c61-0f3e2d1c4b5a-created',
        timestamp: '2026-11-03T00:00:00.000Z',
        properties: {
          activity: 'invoiceCreated',
          summary: 'Xero invoice INV-0107 created for 1234.50 EUR',
          invoiceNumber: 'INV-0107',
          amount: 1_234.5,
          amountDue: 234.5,
          currencyCode: 'EUR',
          xeroUrl: 'https://in.xero.com/abc',
        },
      },
      expect.objectContaining({ eventTypeName: 'xero_activity_company', objectId: '2002' }),
    ]);
    expect(events[1]?.id).toBe(events[0]?.id);
    expect(occurrencesOf(created, { dealId: '1001', companyId: '2002' })).toEqual(events);
  });

  it('a payment is its own event, keyed by the payment, dated and valued by it', () => {
    const [deal] = occurrencesOf(paid, { dealId: '1001', companyId: undefined });
    expect(deal).toMatchObject({
      id: 'xero-payment-9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      timestamp: '2026-11-10T00:00:00.000Z',
      properties: {
        activity: 'paymentApplied',
        amount: 1_000,
        summary: 'Payment of 1000.00 EUR applied to Xero invoice INV-0107',
      },
    });
    expect(activityEventId(paid)).not.toBe(activityEventId(created));
  });

  it('a deal without a company gets the deal event only; no link without a Xero URL', () => {
    const events = occurrencesOf(
      { kind: 'invoiceCreated', invoice: { ...invoice, onlineUrl: undefined } },
      { dealId: '1001', companyId: undefined },
    );
    expect(events.map((e) => e.eventTypeName)).toEqual(['xero_activity_deal']);
    expect(events[0]?.properties).not.toHaveProperty('xeroUrl');
  });

  it('sends only properties the project declares on each event type, with declared options', () => {
    for (const [target, uid] of Object.entries(TIMELINE_EVENT_TYPES)) {
      const type = eventTypes.find((t) => t.uid === uid);
      expect([target, type?.config.objectType]).toEqual([target, target.toUpperCase()]);
      const declared = new Map(type?.config.properties.map((p) => [p.name, p]));
      for (const activity of [created, paid]) {
        const [event] = occurrencesOf(activity, { dealId: '1', companyId: undefined });
        for (const [name, value] of Object.entries(event?.properties ?? {})) {
          expect([name, declared.has(name)]).toEqual([name, true]);
          const options = declared.get(name)?.options;
          if (options) expect(options.map((o) => o.value)).toContain(value);
        }
      }
    }
  });

  it("the app-event schema refuses what HubSpot's reference refuses (negative controls)", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(
      readJson(path.join(PROJECT, 'schemas/app-event-hsmeta.schema.json')),
    );
    const good = eventTypes[0];
    expect(validate(good)).toBe(true);
    const bad = (config: Record<string, unknown>) => ({
      ...good,
      config: { ...good?.config, ...config },
    });
    expect(validate(bad({ objectType: 'deals' }))).toBe(false);
    expect(validate(bad({ name: 'x'.repeat(51) }))).toBe(false);
    expect(validate(bad({ properties: [{ name: 'log', label: 'Log', type: 'string' }] }))).toBe(false);
    expect(validate(bad({ properties: [{ name: 'a', label: 'A', type: 'enumeration' }] }))).toBe(false);
  });
});
