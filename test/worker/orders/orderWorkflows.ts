// The order workflows alone, for a test worker (a smaller bundle than workflows/index.ts).
export { orderIntakeWorkflow, orderRejectionWorkflow } from '../../../workflows/orders/orderIntake';
export { monthEndBillingWorkflow } from '../../../workflows/orders/monthEndBilling';
