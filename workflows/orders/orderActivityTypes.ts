import type { BillingGroupRef } from '../domain/orders/billingGroup';

/** The order activities' signatures, as the workflows call them (worker/orders/*Activities.ts). */
export interface OrderInput {
  installationId: string;
  orderId: string;
}

export type OrderStateName =
  'received' | 'invoiced' | 'awaiting_month_end' | 'billing' | 'billed' | 'rejected';

/** What becomes of an order, decided once from Xero and the CRM. */
export type OrderDecision =
  | { kind: 'card'; xeroContactId: string }
  | { kind: 'account'; xeroContactId: string }
  | { kind: 'reject'; reason: string; xeroContactId?: string }
  /** Past `received` already (a replayed or repeated run): nothing more to do. */
  | { kind: 'done'; state: OrderStateName };

export interface OrderActivities {
  classifyOrder(input: OrderInput): Promise<OrderDecision>;
  invoiceCardOrder(input: OrderInput & { xeroContactId: string }): Promise<{ xeroInvoiceId: string }>;
  gatherAccountOrder(input: OrderInput & { xeroContactId: string }): Promise<{ period: string }>;
  rejectOrder(input: OrderInput & { reason: string; xeroContactId?: string }): Promise<void>;
  showOrdersOnCrm(input: { installationId: string; xeroContactId: string }): Promise<{ accounts: number }>;
  notifyRejectedPost(input: { installationId: string; bodySha256: string }): Promise<void>;
  monthEndGroups(input: { installationId: string }): Promise<BillingGroupRef[]>;
  invoiceMonthEndGroup(input: {
    installationId: string;
    group: BillingGroupRef;
  }): Promise<{ xeroInvoiceId: string | null; orders: number }>;
}
