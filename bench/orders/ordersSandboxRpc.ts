import path from 'node:path';
import { forkRpc } from '../processRpc';
import type { BareCardOrder, BareOutcome } from './ordersBare';
import type { OrdersSandboxSetup, XeroInvoiceView } from './ordersSandbox';

/** What bench:orders asks of its vendors' process (ordersSandboxProcess.ts), over Node's IPC channel. */
export interface OrdersSandboxApi {
  start(
    setup: OrdersSandboxSetup,
  ): Promise<{ xeroPort: number; hubspotPort: number; tenantId: string; portalId: number }>;
  tickMonthlyBilling(): Promise<{ ticked: number; made: number }>;
  invoices(): Promise<XeroInvoiceView[]>;
  apiCalls(): Promise<number>;
  bare(params: {
    knownCustomers: OrdersSandboxSetup['customers']['card'];
    orders: BareCardOrder[];
  }): Promise<BareOutcome>;
  close(): Promise<void>;
}

/** Starts the vendors' process; `kill` ends it, whatever it is doing. */
export function forkOrdersSandbox(): OrdersSandboxApi & { kill(): void } {
  return forkRpc<OrdersSandboxApi>(path.join(__dirname, 'ordersSandboxProcess.ts'), 'vendors', [
    'start',
    'tickMonthlyBilling',
    'invoices',
    'apiCalls',
    'bare',
    'close',
  ]);
}
