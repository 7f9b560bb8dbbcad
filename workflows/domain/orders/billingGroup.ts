/** One customer's account orders of a period in one currency: one month-end invoice. */
export interface BillingGroupRef {
  period: string;
  xeroContactId: string;
  currency: string;
}
