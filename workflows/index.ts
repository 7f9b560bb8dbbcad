// Every workflow the worker registers. Workflow code is deterministic: it imports only
// @temporalio/workflow, pure domain modules and activity *types*; all I/O lives in worker/.
export { systemCheckWorkflow } from './systemCheck';
export { connectionRefreshWorkflow } from './connections/connectionRefresh';
export { xeroRecordSyncWorkflow } from './xero/xeroRecordSync';
export { xeroPollWorkflow } from './xero/xeroPoll';
export { xeroBackfillWorkflow } from './xero/xeroBackfill';
export { dealToXeroWorkflow } from './crm/dealToXero';
export { crmWonPollWorkflow } from './crm/crmWonPoll';
export { zohoWatchRenewalWorkflow } from './crm/zohoWatchRenewal';
export { parityCheckWorkflow } from './parity/parityCheck';
export { auditSheetDrainWorkflow } from './auditSheet/auditSheetDrain';
export { stripeObjectWorkflow } from './stripe/stripeObject';
export * from './stripe/collectionsWorkflows';
export { invoiceDeliveryWorkflow } from './delivery/invoiceDelivery';
export { orderIntakeWorkflow, orderRejectionWorkflow } from './orders/orderIntake';
export { monthEndBillingWorkflow } from './orders/monthEndBilling';
