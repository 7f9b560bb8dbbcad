import type { Client } from '@temporalio/client';
import type { InvoiceRecord } from '../../sandbox/xero/model';
import { xeroRecordWorkflowId } from '../../workflows/xero/recordIds';
import { xeroRecordStateQuery, type XeroRecordSyncState } from '../../workflows/xero/xeroRecordSync';
import type { ThreeSandboxes } from '../support/threeSandboxes';

/** Shared steps of the operations tests, over the three sandboxes and the run's Temporal server. */

/** Authorised sales invoices, each handed out once per test file. */
export function invoicePicker(env: ThreeSandboxes): () => InvoiceRecord {
  const used = new Set<string>();
  const usedContacts = new Set<string>();
  return () => {
    const found = [...env.xero.store.invoices.values()].find(
      (i) =>
        i.tenantId === env.tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        i.paymentIds.length === 0 &&
        !used.has(i.id) &&
        !usedContacts.has(i.contactId),
    );
    if (!found) throw new Error('no unused open invoice in the seed');
    used.add(found.id);
    usedContacts.add(found.contactId);
    return found;
  };
}

export function invoiceWorkflowId(env: ThreeSandboxes, invoiceId: string): string {
  return xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceId);
}

/** Hands the invoice to its workflow as a webhook would. */
export async function dispatchInvoice(env: ThreeSandboxes, invoiceId: string): Promise<void> {
  await env.dispatch([
    {
      tenantId: env.tenantId,
      category: 'INVOICE',
      resourceId: invoiceId,
      change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
    },
  ]);
}

/** Polls the record's state query until `done` holds (or fails the test after ~15 s). */
export async function untilState(
  env: ThreeSandboxes,
  invoiceId: string,
  done: (state: XeroRecordSyncState) => boolean,
): Promise<XeroRecordSyncState> {
  const handle = env.temporal.client.workflow.getHandle(invoiceWorkflowId(env, invoiceId));
  let last: XeroRecordSyncState | undefined;
  for (let i = 0; i < 300; i++) {
    last = await handle.query(xeroRecordStateQuery).catch(() => undefined);
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`invoice ${invoiceId} never reached the expected state; last: ${JSON.stringify(last)}`);
}

/** Workflow IDs a visibility query finds (visibility lags a moment behind the workflow). */
export async function listIds(client: Client, query: string, expected: number): Promise<string[]> {
  let ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    ids = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    if (ids.length >= expected) return ids.sort();
    await new Promise((r) => setTimeout(r, 100));
  }
  return ids.sort();
}

export async function addFault(baseUrl: string, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (res.status !== 201) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

export async function clearFaults(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/__sandbox/faults`, { method: 'DELETE' });
}
