import { xeroRecordWorkflowId } from '../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../workflows/xero/xeroRecordSync';
import type { InvoiceRecord } from '../../sandbox/xero/model';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';

type PaymentRow = {
  Xero_Payment_ID__c: string;
  Amount__c: number;
  Payment_Date__c: string;
  Status__c: string;
  Account__c: string | null;
  Invoice__c: string;
};

/**
 * What the Salesforce package's Account panel shows comes from records the Xero-to-CRM flow writes:
 * Xero_Payment__c per payment (upserted by Xero_Payment_ID__c, kept as DELETED when Xero drops it),
 * the invoice lines' summary on Xero_Invoice__c, and the account's last-sync time. Real Temporal,
 * xero-node and jsforce against the sandboxes; assertions read Salesforce back through jsforce.
 */
describe('Xero payments and invoice lines reach Salesforce', () => {
  let env: ThreeSandboxes;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7107, contacts: 4, invoices: 16 });
  });
  afterAll(() => env.close());

  const control = async (path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
    const res = await fetch(`${env.servers.xero.url}/__sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };

  async function sync(invoiceId: string): Promise<void> {
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceId),
    );
    const before = await handle.query(xeroRecordStateQuery).then(
      (s) => s.syncs,
      () => 0,
    );
    await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoiceId,
        change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    for (let i = 0; i < 300; i++) {
      const state = await handle.query(xeroRecordStateQuery);
      if (state.lastError) throw new Error(`sync failed: ${state.lastError}`);
      if (state.syncs > before && state.step === 'waiting') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`invoice ${invoiceId} did not sync`);
  }

  const openInvoice = (): InvoiceRecord => {
    const found = [...env.xero.store.invoices.values()].find(
      (i) =>
        i.tenantId === env.tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        i.paymentIds.length === 0 &&
        i.lines.length > 0,
    );
    if (!found) throw new Error('no open invoice with lines in the seed');
    return found;
  };

  const query = async <T extends Record<string, unknown>>(soql: string): Promise<T[]> =>
    (await env.sf().query<T>(soql)).records;

  it('writes each payment under the invoice and the account, and keeps a reversed one as DELETED', async () => {
    const invoice = openInvoice();
    await sync(invoice.id);
    const [record] = await query<{
      Id: string;
      Account__c: string;
      Line_Count__c: number;
      Line_Summary__c: string;
    }>(
      `SELECT Id, Account__c, Line_Count__c, Line_Summary__c FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(record?.Line_Count__c).toBe(invoice.lines.length);
    const firstLine = invoice.lines[0]!;
    expect(record?.Line_Summary__c.split('\n')[0]).toBe(
      `${firstLine.quantity} × ${firstLine.description} @ ${firstLine.unitAmount.toFixed(2)} = ${firstLine.lineAmount.toFixed(2)}${firstLine.taxType ? ` (${firstLine.taxType})` : ''}`,
    );
    expect(await query(`SELECT Id FROM Xero_Payment__c WHERE Invoice__c = '${record?.Id}'`)).toEqual([]);

    const part = Math.round(invoice.total * 30) / 100;
    const first = String(
      (await control(`/invoices/${invoice.id}/pay`, { amount: part, date: '2026-11-05' })).paymentId,
    );
    const second = String(
      (await control(`/invoices/${invoice.id}/pay`, { amount: 1, date: '2026-11-06' })).paymentId,
    );
    await sync(invoice.id);
    const payments = () =>
      query<PaymentRow>(
        `SELECT Xero_Payment_ID__c, Amount__c, Payment_Date__c, Status__c, Account__c, Invoice__c FROM Xero_Payment__c WHERE Invoice__c = '${record?.Id}' ORDER BY Payment_Date__c`,
      );
    expect(await payments()).toEqual([
      expect.objectContaining({
        Xero_Payment_ID__c: first,
        Amount__c: part,
        Payment_Date__c: '2026-11-05',
        Status__c: 'AUTHORISED',
        Account__c: record?.Account__c,
      }),
      expect.objectContaining({ Xero_Payment_ID__c: second, Amount__c: 1, Status__c: 'AUTHORISED' }),
    ]);
    const [account] = await query<{ Ledgerbridge_Last_Sync__c: string | null }>(
      `SELECT Ledgerbridge_Last_Sync__c FROM Account WHERE Id = '${record?.Account__c}'`,
    );
    expect(Date.parse(String(account?.Ledgerbridge_Last_Sync__c).replace(/\+0000$/, 'Z'))).toBeGreaterThan(
      Date.now() - 60_000,
    );

    // The payment-history rows are in the audit trail, one per payment written.
    const audited = await env.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'upsert_payment_record')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);

    await control(`/payments/${second}/delete`);
    await sync(invoice.id);
    expect((await payments()).map((p) => [p.Xero_Payment_ID__c, p.Status__c])).toEqual([
      [first, 'AUTHORISED'],
      [second, 'DELETED'],
    ]);
  });

  it('a replayed sync writes no payment again', async () => {
    const invoice = openInvoice();
    await control(`/invoices/${invoice.id}/pay`, { amount: 2, date: '2026-11-07' });
    await sync(invoice.id);
    const written = () =>
      env.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'upsert_payment_record')
        .execute()
        .then((rows) => rows.length);
    const before = await written();
    await sync(invoice.id);
    expect(await written()).toBe(before);
    const rows = await query<PaymentRow>(
      `SELECT Xero_Payment_ID__c, Status__c FROM Xero_Payment__c WHERE Invoice__r.Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(rows).toHaveLength(1);
  });
  it('once the account is linked, a payment costs Salesforce two composite calls and a replay one', async () => {
    const invoice = openInvoice();
    await sync(invoice.id); // links the account (step by step when it is new) and creates the deal
    const apiCalls = async (fn: () => Promise<void>) => {
      const before = env.servers.salesforce.requests().length;
      await fn();
      return env.servers.salesforce
        .requests()
        .slice(before)
        .filter((r) => r.path.startsWith('/services/data/'))
        .map((r) => `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '')}`);
    };
    const paymentId = String(
      (await control(`/invoices/${invoice.id}/pay`, { amount: 3, date: '2026-11-08' })).paymentId,
    );
    expect(await apiCalls(() => sync(invoice.id))).toEqual(['POST /composite', 'POST /composite']);
    const [opp] = await query<{ Xero_Amount_Paid__c: number; Xero_Amount_Due__c: number }>(
      `SELECT Xero_Amount_Paid__c, Xero_Amount_Due__c FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(opp?.Xero_Amount_Paid__c).toBe(3);
    expect(opp?.Xero_Amount_Due__c).toBeCloseTo(invoice.total - 3, 2);
    const [payment] = await query<PaymentRow>(
      `SELECT Xero_Payment_ID__c, Amount__c, Status__c, Invoice__c FROM Xero_Payment__c WHERE Invoice__r.Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(payment).toMatchObject({ Xero_Payment_ID__c: paymentId, Amount__c: 3, Status__c: 'AUTHORISED' });
    // The audit rows are those of the step-by-step path: the deal's changed fields, before and after.
    const dealRows = await env.store.db
      .selectFrom('audit_log')
      .select(['detail', 'subject'])
      .where('action', '=', 'upsert_deal')
      .orderBy('occurred_at', 'desc')
      .execute();
    const latest = dealRows.find(
      (r) =>
        (r.subject as Record<string, string>).crm === 'salesforce' &&
        (r.subject as Record<string, string>).xeroInvoiceId === invoice.id,
    );
    expect(latest?.detail).toMatchObject({
      created: false,
      changes: { Xero_Amount_Paid__c: { before: 0, after: 3 } },
    });

    expect(await apiCalls(() => sync(invoice.id))).toEqual(['POST /composite']);
  });
});
