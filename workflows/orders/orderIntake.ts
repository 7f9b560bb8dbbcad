import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import { orderStep } from '../activityOptions';
import { VENDOR_ERROR_TYPES } from '../errorTypes';
import { failureMessage, failureType } from '../story';
import type { OrderActivities, OrderInput, OrderStateName } from './orderActivityTypes';

// Xero, CRM and mail steps alike: an accepted order is carried through, never given up.
const acts = proxyActivities<OrderActivities>(orderStep);

export interface OrderOutcome {
  state: OrderStateName;
  xeroInvoiceId?: string;
  period?: string;
  reason?: string;
}

/**
 * `order:<installation>:<order id>`, started by POST /orders once the order is recorded. A card order
 * becomes a paid Xero invoice at once; an account order joins its customer's month (invoiced by the
 * month-end Schedule); a rejected one (no eligible customer, or Xero refusing the invoice) is told
 * to customer service. The CRM account shows the customer's orders after each step.
 */
export async function orderIntakeWorkflow(input: OrderInput): Promise<OrderOutcome> {
  const decision = await acts.classifyOrder(input);
  switch (decision.kind) {
    case 'done':
      return { state: decision.state };
    case 'reject':
      return reject(input, decision.reason, decision.xeroContactId);
    case 'card': {
      const { xeroContactId } = decision;
      let xeroInvoiceId: string;
      try {
        ({ xeroInvoiceId } = await acts.invoiceCardOrder({ ...input, xeroContactId }));
      } catch (err) {
        // Xero refusing the invoice (a currency not enabled, an unknown account code) is the order's problem.
        if (err instanceof ActivityFailure && failureType(err) === VENDOR_ERROR_TYPES.validation)
          return reject(input, `Xero refused the invoice: ${failureMessage(err)}`, xeroContactId);
        throw err;
      }
      await showOnCrm(input.installationId, xeroContactId);
      return { state: 'invoiced', xeroInvoiceId };
    }
    case 'account': {
      const { xeroContactId } = decision;
      const { period } = await acts.gatherAccountOrder({ ...input, xeroContactId });
      await showOnCrm(input.installationId, xeroContactId);
      return { state: 'awaiting_month_end', period };
    }
  }
}

/** The CRM account's order figures: shown again by the customer's next order if this fails for good. */
async function showOnCrm(installationId: string, xeroContactId: string): Promise<void> {
  try {
    await acts.showOrdersOnCrm({ installationId, xeroContactId });
  } catch (err) {
    log.warn('the orders were not shown on the CRM account', { xeroContactId, error: failureMessage(err) });
  }
}

async function reject(input: OrderInput, reason: string, xeroContactId?: string): Promise<OrderOutcome> {
  await acts.rejectOrder({ ...input, reason, ...(xeroContactId ? { xeroContactId } : {}) });
  return { state: 'rejected', reason };
}

/** `order-rejected:<installation>:<body hash>`: a signed post that was not an order, told to customer service. */
export async function orderRejectionWorkflow(input: {
  installationId: string;
  bodySha256: string;
}): Promise<void> {
  await acts.notifyRejectedPost(input);
}
