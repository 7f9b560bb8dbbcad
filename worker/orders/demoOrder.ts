import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { orderWorkflowId } from '../../workflows/orders/orderIds';
import type { OrderOutcome } from '../../workflows/orders/orderIntake';
import type { DemoInstallation } from '../installations/demoInstallations';
import type { InstallationStore } from '../installations/installationStore';
import { backfillsDone } from '../payments/demoFailedPayment';
import type { OrderEndpoints } from './orderEndpoints';
import { ORDER_SIGNATURE_HEADER, signOrder } from './orderSignature';

export interface DemoOrder {
  orderId: string;
  outcome: OrderOutcome;
  url: string;
  secretsFile: string;
}

/**
 * npm start's demo of order intake: the first demo installation gets an order endpoint (its secrets
 * in a file only its owner reads, as `npm run connect:orders` leaves them), and a shop's signed
 * card order is posted to the ingress over HTTP, as a shop would; returns what became of it.
 */
export async function makeDemoOrder(input: {
  demo: DemoInstallation[];
  installations: Pick<InstallationStore, 'bySlug'>;
  endpoints: Pick<OrderEndpoints, 'issue' | 'forIntake'>;
  client: Client;
  ingressUrl: string;
  dataDir: string;
  timeoutMs?: number;
}): Promise<DemoOrder | undefined> {
  const demo = input.demo[0];
  const xeroTenantId = demo?.accounts.find((a) => a.vendor === 'xero' && !a.skipped)?.externalId;
  const installation = demo ? await input.installations.bySlug(demo.slug) : undefined;
  if (!demo || !installation || !xeroTenantId) return undefined;
  const deadline = Date.now() + (input.timeoutMs ?? 180_000);
  while (!(await backfillsDone(input.client))) {
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const url = `${input.ingressUrl}/orders/${installation.id}`;
  const secretsFile = path.join(input.dataDir, `orders-${demo.slug}.secrets.json`);
  let secret = (await input.endpoints.forIntake(installation.id))?.signingSecrets[0];
  if (!secret) {
    const issued = await input.endpoints.issue(
      installation.id,
      { xeroTenantId, customerServiceEmail: `orders@${demo.slug}.example.com` },
      'npm start (demo)',
    );
    await writeFile(secretsFile, `${JSON.stringify({ url, ...issued }, null, 2)}\n`, { mode: 0o600 });
    secret = issued.signingSecret;
  }
  const orderId = `DEMO-${Date.now().toString(36).toUpperCase()}`;
  const body = JSON.stringify({
    id: orderId,
    placedAt: new Date().toISOString(),
    currency: 'USD',
    customer: { email: 'web-shop-buyer@demo-customer.example.com', name: 'Web Shop Buyer' },
    payment: { method: 'card', reference: `ch_${orderId.toLowerCase()}` },
    lines: [
      { sku: 'MUG', description: 'Ledgerbridge mug', quantity: 2, unitPrice: 12.5 },
      { sku: 'TEA', description: 'Tea, 50 bags', quantity: 1, unitPrice: 5 },
    ],
    total: 30,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [ORDER_SIGNATURE_HEADER]: signOrder(secret, body, Math.floor(Date.now() / 1000)),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 202) return undefined;
  const outcome = (await input.client.workflow
    .getHandle(orderWorkflowId(installation.id, orderId))
    .result()) as OrderOutcome;
  return { orderId, outcome, url, secretsFile };
}
