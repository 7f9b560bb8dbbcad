import type { Client } from '@temporalio/client';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { DeliverySettings } from '../../workflows/domain/delivery/deliverySettings';
import { deliveryWorkflowId, invoiceChangedSignal } from '../../workflows/delivery/deliverySignals';
import type { DeliveryInput, invoiceDeliveryWorkflow } from '../../workflows/delivery/invoiceDelivery';

const APPROVED = new Set(['SUBMITTED', 'AUTHORISED', 'PAID']);

/** A sales invoice Xero has approved (SUBMITTED, AUTHORISED or PAID): what can be e-mailed and filed. */
export function isApprovedSalesInvoice(invoice: Pick<CanonicalInvoice, 'type' | 'status'>): boolean {
  return invoice.type === 'ACCREC' && APPROVED.has(invoice.status);
}

/** Whether the Xero sync should hand an invoice to delivery: a sales invoice Xero approved, under settings that deliver or file. */
export function wantsDelivery(
  invoice: Pick<CanonicalInvoice, 'type' | 'status'>,
  delivery: DeliverySettings,
): boolean {
  return (delivery.sender !== 'off' || delivery.fileInCrm) && isApprovedSalesInvoice(invoice);
}

/**
 * Tells the invoice's delivery workflow that the invoice was synced again (it may have been approved,
 * amended or paid), starting it when none runs. A finished one (paid, schedule done) is started anew:
 * it finds the versions already e-mailed in the message store and sends only a new one.
 */
export async function startInvoiceDelivery(
  deps: { client: Client; taskQueue: string },
  input: {
    installationId: string;
    xeroTenantId: string;
    invoice: Pick<CanonicalInvoice, 'xeroInvoiceId' | 'updatedAt'>;
  },
): Promise<void> {
  const args: DeliveryInput = {
    installationId: input.installationId,
    xeroTenantId: input.xeroTenantId,
    xeroInvoiceId: input.invoice.xeroInvoiceId,
  };
  await deps.client.workflow.signalWithStart<typeof invoiceDeliveryWorkflow, [{ at: string }]>(
    'invoiceDeliveryWorkflow',
    {
      taskQueue: deps.taskQueue,
      workflowId: deliveryWorkflowId(input.installationId, input.invoice.xeroInvoiceId),
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [args],
      signal: invoiceChangedSignal,
      signalArgs: [{ at: input.invoice.updatedAt }],
    },
  );
}
