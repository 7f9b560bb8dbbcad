/**
 * The emulator's own compact records (one object per record, numbers as numbers), turned into Xero
 * JSON only when served. Kept small so 100,000 invoices fit comfortably in memory.
 */
export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface ContactRecord {
  id: string;
  tenantId: string;
  name: string;
  email: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  taxNumber: string | undefined;
  accountNumber: string | undefined;
  status: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  isCustomer: boolean;
  isSupplier: boolean;
  groups: string[];
  defaultCurrency: string | undefined;
  updatedAt: number;
}

export interface TrackingRef {
  categoryId: string;
  optionId: string;
  name: string;
  option: string;
}

export interface LineRecord {
  id: string;
  description: string;
  quantity: number;
  unitAmount: number;
  /** Percent off the unit amount (sales lines). */
  discountRate?: number;
  itemCode: string | undefined;
  accountCode: string | undefined;
  taxType: string | undefined;
  taxAmount: number;
  lineAmount: number;
  /** Shared, never mutated: seeded lines point at one object per tracking option. */
  tracking: readonly TrackingRef[];
}

export interface InvoiceRecord {
  id: string;
  tenantId: string;
  type: InvoiceType;
  number: string;
  reference: string | undefined;
  contactId: string;
  status: InvoiceStatus;
  lineAmountTypes: LineAmountTypes;
  date: string;
  dueDate: string | undefined;
  currency: string;
  currencyRate: number;
  lines: readonly LineRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  amountPaid: number;
  amountCredited: number;
  fullyPaidOn: string | undefined;
  /** Replaced, never mutated, so records can share one empty list. */
  paymentIds: readonly string[];
  creditNoteIds: readonly string[];
  updatedAt: number;
}

export interface PaymentRecord {
  id: string;
  tenantId: string;
  invoiceId: string;
  accountCode: string;
  date: string;
  amount: number;
  reference: string | undefined;
  status: 'AUTHORISED' | 'DELETED';
  updatedAt: number;
}

export interface CreditNoteRecord {
  id: string;
  tenantId: string;
  type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  number: string;
  contactId: string;
  status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
  date: string;
  currency: string;
  lines: readonly LineRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  allocations: Array<{ id: string; invoiceId: string; amount: number; date: string }>;
  reference: string | undefined;
  updatedAt: number;
}

export interface TenantRecord {
  id: string;
  name: string;
  baseCurrency: string;
  createdAt: number;
  invoiceSeq: number;
  creditNoteSeq: number;
}
