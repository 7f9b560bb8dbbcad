import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { OrderActivities } from '../../workflows/orders/orderActivityTypes';
import { paymentSettingsOf } from '../payments/settleStripePayment';
import type { AuditLog } from '../audit/auditLog';
import type { SecretBox } from '../connections/secretBox';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { MailAccounts, StoredMailAccount } from '../delivery/mail/mailAccounts';
import type { MailSender } from '../delivery/mail/mailTransports';
import type { OrderIntakeDeps } from '../ingress/orderIntakeRoute';
import type { Logger } from '../logger';
import type { Database } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import { createOrderActivities } from './createOrderActivities';
import { ensureMonthEndSchedule } from './monthEndSchedule';
import { MonthEndLedger } from './monthEndLedger';
import { orderDispatcher } from './orderDispatch';
import { OrderEndpoints } from './orderEndpoints';
import { OrderLedger } from './orderLedger';
import { smtpOrderNotices } from './orderNotices';

/** Order intake (issue #24), built once in the composition root. */
export interface OrderServices {
  endpoints: OrderEndpoints;
  ledger: OrderLedger;
  activities: OrderActivities;
  /** POST /orders/<installation>'s parts (the logger is the ingress's). */
  route: Omit<OrderIntakeDeps, 'logger'>;
  /** At start-up: every installation with an order endpoint has its month-end Schedule. */
  ensureSchedules(logger: Logger): Promise<number>;
}

export function orderServicesFrom(input: {
  db: Kysely<Database>;
  box: SecretBox;
  temporal: { client: Client; taskQueue: string };
  xero(installationId: string, xeroTenantId: string): Promise<XeroApi>;
  crmTargets: Pick<CrmTargets, 'forXeroTenant'>;
  loadOrganisationSettings(xeroTenantId: string): Promise<unknown>;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  mail: {
    accounts: Pick<MailAccounts, 'load'>;
    transports: { transportFor(a: StoredMailAccount): MailSender };
  };
  audit: Pick<AuditLog, 'record'>;
  now?: () => Date;
}): OrderServices {
  const { client, taskQueue } = input.temporal;
  const now = input.now ?? (() => new Date());
  const endpoints = new OrderEndpoints(input.db, input.box);
  const ledger = new OrderLedger(input.db);
  const monthEnd = new MonthEndLedger(input.db);
  const ensureFor = async (installationId: string, slug?: string) =>
    ensureMonthEndSchedule(client, taskQueue, installationId, {
      timeZone: paymentSettingsOf(await input.loadInstallationSettings(installationId)).timeZone,
      ...(slug ? { installationSlug: slug } : {}),
    });
  // An installation gathering its first account order gets its Schedule then (once per process).
  const ensured = new Set<string>();
  const activities = createOrderActivities({
    ledger,
    monthEnd,
    endpoints,
    xero: input.xero,
    crmTargets: input.crmTargets,
    loadOrganisationSettings: input.loadOrganisationSettings,
    notices: smtpOrderNotices({ ...input.mail, now }),
    audit: input.audit,
    now,
  });
  return {
    endpoints,
    ledger,
    activities: {
      ...activities,
      gatherAccountOrder: async (order) => {
        if (!ensured.has(order.installationId)) {
          await ensureFor(order.installationId);
          ensured.add(order.installationId);
        }
        return activities.gatherAccountOrder(order);
      },
    },
    route: {
      endpoints,
      ledger,
      dispatch: orderDispatcher(client, taskQueue),
      now: () => now().getTime(),
    },
    async ensureSchedules(logger) {
      const rows = await input.db
        .selectFrom('order_endpoints as e')
        .innerJoin('installations as i', 'i.id', 'e.installation_id')
        .select(['i.id', 'i.slug'])
        .where('i.status', '=', 'active')
        .execute();
      let made = 0;
      for (const row of rows)
        await ensureFor(row.id, row.slug).then(
          () => made++,
          (err: unknown) =>
            logger.warn({ err, installation: row.slug }, 'the month-end schedule was not made'),
        );
      return made;
    },
  };
}
