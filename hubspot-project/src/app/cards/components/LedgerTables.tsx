import {
  Link,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { CompanyInvoice, CompanyPayment } from '../generated/cardData';
import { formatDate, formatMoney } from '../lib/format';

const STATUS_VARIANT: Record<string, 'success' | 'warning' | 'danger' | 'info' | 'default'> = {
  PAID: 'success',
  AUTHORISED: 'info',
  DRAFT: 'default',
  SUBMITTED: 'default',
  VOIDED: 'default',
};

export function InvoiceTable({ invoices }: { invoices: CompanyInvoice[] }) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Number</TableHeader>
          <TableHeader>Status</TableHeader>
          <TableHeader>Due date</TableHeader>
          <TableHeader align="right">Amount due</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {invoices.map((invoice) => (
          <TableRow key={invoice.xeroInvoiceId}>
            <TableCell>
              <Link href={{ url: invoice.xeroUrl, external: true }}>{invoice.number || '(no number)'}</Link>
            </TableCell>
            <TableCell>
              <StatusTag variant={invoice.overdue ? 'danger' : (STATUS_VARIANT[invoice.status] ?? 'default')}>
                {invoice.overdue ? 'OVERDUE' : invoice.status}
              </StatusTag>
            </TableCell>
            <TableCell>{formatDate(invoice.dueDate)}</TableCell>
            <TableCell align="right">
              {formatMoney(invoice.amountDue.amount, invoice.amountDue.currency)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function PaymentTable({ payments }: { payments: CompanyPayment[] }) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Date</TableHeader>
          <TableHeader>Invoice</TableHeader>
          <TableHeader>Reference</TableHeader>
          <TableHeader align="right">Amount</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {payments.map((payment) => (
          <TableRow key={payment.xeroPaymentId}>
            <TableCell>{formatDate(payment.date)}</TableCell>
            <TableCell>{payment.invoiceNumber ?? '—'}</TableCell>
            <TableCell>
              <Text>{payment.reference ?? '—'}</Text>
            </TableCell>
            <TableCell align="right">{formatMoney(payment.amount.amount, payment.amount.currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
