import type { CrmAccountRef } from '../payments/crmPaymentsPort';
import type { CrmTarget } from '../sync/crmTarget';
import type { OrderDeps } from './orderDeps';

export interface OrderAccount {
  target: CrmTarget;
  account: CrmAccountRef;
}

/** The CRM accounts (one per connected CRM of the installation) linked to a Xero contact. */
export async function accountsOfContact(
  deps: Pick<OrderDeps, 'crmTargets'>,
  xeroTenantId: string,
  xeroContactId: string,
): Promise<OrderAccount[]> {
  const found: OrderAccount[] = [];
  for (const target of await deps.crmTargets.forXeroTenant(xeroTenantId)) {
    const account = await target.processorPayments?.accountForXeroContact(xeroContactId);
    if (account) found.push({ target, account });
  }
  return found;
}

const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * Shows the customer's orders on each linked CRM account: how many (and how much) wait for the
 * month-end invoice, and the newest order with its state. Written only where it changed.
 */
export async function showOrdersOnAccounts(
  deps: Pick<OrderDeps, 'crmTargets' | 'monthEnd'>,
  installationId: string,
  xeroTenantId: string,
  xeroContactId: string,
  /** The contact's accounts, where the caller has just read them. */
  known?: OrderAccount[],
): Promise<number> {
  const accounts = known ?? (await accountsOfContact(deps, xeroTenantId, xeroContactId));
  if (accounts.length === 0) return 0;
  const orders = await deps.monthEnd.forAccount(installationId, xeroContactId);
  const last = orders.last;
  // e.g. "W-1042 · awaiting month end · 2026-11-03".
  const lastOrder = last
    ? `${last.orderId} · ${last.state.replaceAll('_', ' ')} · ${last.placedAt.toISOString().slice(0, 10)}`.slice(
        0,
        255,
      )
    : '';
  for (const { target, account } of accounts)
    await target.processorPayments?.writeAccountFigures(account.accountId, {
      orders: {
        awaitingCount: orders.awaitingCount,
        awaitingAmount: Number(money(orders.awaitingCents)),
        currency: last?.currency ?? '',
        lastOrder,
      },
    });
  return accounts.length;
}
