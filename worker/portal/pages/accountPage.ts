import { money, type PortalInvoiceRow, type PortalView } from '../portalView';
import { esc } from './html';
import { layout, type PageBrand } from './layout';

export interface AccountPageOptions {
  brand: PageBrand;
  nonce: string;
  /** `/portal/<installation>/<token>`: every link and form of the page is under it. */
  basePath: string;
  /** Whether each invoice's PDF can be fetched (through Xero). */
  invoicePdfs: boolean;
  /** The invoice number a customer just paid through Checkout (its success URL says so). */
  paidNumber?: string | undefined;
}

/** The customer's page: what is owed (open invoices with a Pay button each), payments, the statement. */
export function accountPage(view: PortalView, options: AccountPageOptions): string {
  const { basePath } = options;
  const summary = view.totals
    .map(
      (t) =>
        `<li><strong>${esc(t.currency)} ${money(t.outstanding)}</strong> outstanding` +
        (t.overdue > 0
          ? `<br><span class="overdue">${esc(t.currency)} ${money(t.overdue)} overdue</span>`
          : '') +
        `</li>`,
    )
    .join('');
  const body = `<h1>Your account with ${esc(view.from)}</h1>
<p>${esc(view.customerName)} · as of ${esc(view.today)}</p>
${options.paidNumber ? `<p role="status">Thank you: your payment of invoice ${esc(options.paidNumber)} is being recorded.</p>` : ''}
${summary ? `<ul class="summary" aria-label="Totals">${summary}</ul>` : ''}
<p><a class="button" href="${esc(basePath)}/statement.pdf">Download statement (PDF)</a></p>
<section aria-labelledby="open-heading">
<h2 id="open-heading">Open invoices</h2>
${view.openInvoices.length === 0 ? '<p>You have no open invoices. Thank you.</p>' : invoicesTable(view.openInvoices, options)}
</section>
<section aria-labelledby="payments-heading">
<h2 id="payments-heading">Payment history</h2>
${view.payments.length === 0 ? '<p>No payments yet.</p>' : paymentsTable(view)}
</section>`;
  return layout({ title: 'Your account', brand: options.brand, nonce: options.nonce, body });
}

function invoicesTable(rows: PortalInvoiceRow[], options: AccountPageOptions): string {
  const { basePath } = options;
  const line = (i: PortalInvoiceRow) => {
    const invoicePath = `${basePath}/invoices/${encodeURIComponent(i.xeroInvoiceId)}`;
    const number = options.invoicePdfs
      ? `<a href="${esc(invoicePath)}/pdf">${esc(i.number)}<span class="visually-hidden"> (PDF)</span></a>`
      : esc(i.number);
    const status = i.overdue ? '<span class="overdue">Overdue</span>' : 'Due';
    return `<tr>
<th scope="row">${number}</th>
<td class="wide">${esc(i.date)}</td>
<td>${esc(i.dueDate ?? '')}</td>
<td class="num wide">${esc(i.currency)} ${money(i.total)}</td>
<td class="num">${esc(i.currency)} ${money(i.amountDue)}</td>
<td>${status}</td>
<td><form class="pay" method="post" action="${esc(invoicePath)}/pay"><button type="submit" aria-label="Pay invoice ${esc(i.number)}, ${esc(i.currency)} ${money(i.amountDue)}">Pay</button></form></td>
</tr>`;
  };
  return `<div class="scroll" role="region" aria-labelledby="open-caption" tabindex="0">
<table>
<caption id="open-caption">Open invoices, oldest due first</caption>
<thead><tr><th scope="col">Invoice</th><th scope="col" class="wide">Date</th><th scope="col">Due</th><th scope="col" class="num wide">Total</th><th scope="col" class="num">Amount due</th><th scope="col">Status</th><th scope="col">Pay</th></tr></thead>
<tbody>
${rows.map(line).join('\n')}
</tbody>
</table>
</div>`;
}

function paymentsTable(view: PortalView): string {
  const rows = view.payments
    .map(
      (p) => `<tr>
<td>${esc(p.date)}</td>
<th scope="row">${esc(p.invoiceNumber)}</th>
<td class="wide">${esc(p.reference ?? '')}</td>
<td class="num">${esc(p.currency)} ${money(p.amount)}</td>
</tr>`,
    )
    .join('\n');
  return `<div class="scroll" role="region" aria-labelledby="payments-caption" tabindex="0">
<table>
<caption id="payments-caption">Payments received, newest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Invoice</th><th scope="col" class="wide">Reference</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}
