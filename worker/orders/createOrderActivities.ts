import type { OrderActivities } from '../../workflows/orders/orderActivityTypes';
import { invoiceMonthEndGroup, monthEndGroups } from './monthEndActivities';
import { classifyOrder, gatherAccountOrder, invoiceCardOrder, showOrdersOnCrm } from './orderActivities';
import type { OrderDeps } from './orderDeps';
import { notifyRejectedPost, rejectOrder } from './orderRejections';

/** The order intake activities (issue #24), bound to their dependencies. */
export function createOrderActivities(deps: OrderDeps): OrderActivities {
  return {
    classifyOrder: (input) => classifyOrder(deps, input),
    invoiceCardOrder: (input) => invoiceCardOrder(deps, input),
    gatherAccountOrder: (input) => gatherAccountOrder(deps, input),
    rejectOrder: (input) => rejectOrder(deps, input),
    showOrdersOnCrm: (input) => showOrdersOnCrm(deps, input),
    notifyRejectedPost: (input) => notifyRejectedPost(deps, input),
    monthEndGroups: (input) => monthEndGroups(deps, input),
    invoiceMonthEndGroup: (input) => invoiceMonthEndGroup(deps, input),
  };
}
