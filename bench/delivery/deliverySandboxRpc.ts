import path from 'node:path';
import { forkRpc } from '../processRpc';
import type { BareOutcome } from './bareBaseline';
import type { CreatedInvoice, DeliverySandboxSetup } from './deliverySandbox';

/** What bench:delivery asks of its Xero process (deliverySandboxProcess.ts), over Node's IPC channel. */
export interface DeliverySandboxApi {
  start(setup: DeliverySandboxSetup): Promise<{ xeroPort: number; tenantId: string }>;
  createInvoice(): Promise<CreatedInvoice>;
  apiCalls(): Promise<number>;
  bare(params: { smtpHost: string; smtpPort: number; count: number }): Promise<BareOutcome>;
  close(): Promise<void>;
}

/** Starts the Xero process; `kill` ends it, whatever it is doing. */
export function forkDeliverySandbox(): DeliverySandboxApi & { kill(): void } {
  return forkRpc<DeliverySandboxApi>(path.join(__dirname, 'deliverySandboxProcess.ts'), 'xero', [
    'start',
    'createInvoice',
    'apiCalls',
    'bare',
    'close',
  ]);
}
