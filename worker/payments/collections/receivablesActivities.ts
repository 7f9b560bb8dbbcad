import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { dateInTimeZone } from '../../../workflows/domain/stripe/calendarDates';
import {
  contactKey,
  receivablesReport,
  type AgedReceivables,
  type ReceivableInvoice,
} from '../../../workflows/domain/stripe/receivables';
import { collectionReviewSignal, collectionWorkflowId } from '../../../workflows/stripe/collectionSignals';
import type { Database } from '../../store/schema';
import type { CollectionDeps } from './collectionDeps';
import { paymentSettingsOf } from './collectionActivities';

export interface ReceivablesDeps extends CollectionDeps {
  db: Kysely<Database>;
  /** Where collection workflows are started (the worker's client and task queue). */
  temporal: { client: Client; taskQueue: string };
  /** Extra input of each collection workflow started (tests shorten its sleeps). */
  collectionOptions?: { recheckEveryMs?: number };
}

export interface OverdueInvoice {
  xeroTenantId: string;
  xeroInvoiceId: string;
  daysOverdue: number;
}

export interface ReceivablesRun {
  asOf: string;
  invoices: number;
  accountsWritten: number;
  figures: AgedReceivables[];
  overdue: OverdueInvoice[];
}

const PAGE_SIZE = 1_000;

function toReceivable(
  xeroTenantId: string,
  invoice: Awaited<ReturnType<Awaited<ReturnType<CollectionDeps['xero']>>['invoicePage']>>['items'][number],
): ReceivableInvoice {
  return {
    xeroTenantId,
    xeroInvoiceId: invoice.xeroInvoiceId,
    contactId: invoice.contactId,
    type: invoice.type,
    status: invoice.status,
    currency: invoice.currency,
    date: invoice.date,
    dueDate: invoice.dueDate,
    total: invoice.total,
    amountDue: invoice.amountDue,
  };
}

export function createReceivablesActivities(deps: ReceivablesDeps) {
  return {
    /**
     * The installation's nightly figures: every sales invoice of each of its Xero organisations
     * (paged), aged and DSO'd by receivablesReport, written to each linked account/company (in the
     * currency it owes most in) and stored as the installation's snapshot of the day.
     */
    async computeReceivables(input: { installationId: string }): Promise<ReceivablesRun> {
      const settings = await paymentSettingsOf(deps, input.installationId);
      const asOf = dateInTimeZone(deps.now().getTime() / 1000, settings.timeZone);
      const invoices: ReceivableInvoice[] = [];
      const tenants = await deps.xeroTenants(input.installationId);
      for (const tenantId of tenants) {
        const xero = await deps.xero(input.installationId, tenantId);
        for (let page = 1; ; page++) {
          const { items, pageCount } = await xero.invoicePage({ page, pageSize: PAGE_SIZE });
          Context.current().heartbeat({ tenantId, page });
          for (const invoice of items)
            if (invoice.type === 'ACCREC') invoices.push(toReceivable(tenantId, invoice));
          if (items.length < PAGE_SIZE || page >= pageCount) break;
        }
      }
      const report = receivablesReport(invoices, asOf);

      let accountsWritten = 0;
      for (const tenantId of tenants) {
        const ports = (await deps.crmTargets.forXeroTenant(tenantId)).flatMap((t) =>
          t.processorPayments ? [t.processorPayments] : [],
        );
        if (ports.length === 0) continue;
        const contacts = [
          ...new Set(invoices.filter((i) => i.xeroTenantId === tenantId).map((i) => i.contactId)),
        ];
        for (const contactId of contacts) {
          const [figures] = report.byContact.get(contactKey(tenantId, contactId)) ?? [];
          if (!figures) continue;
          for (const port of ports) {
            const account = await port.accountForXeroContact(contactId);
            if (!account) continue;
            await port.writeAccountFigures(account.accountId, {
              receivables: {
                asOf,
                currency: figures.currency,
                daysSalesOutstanding: figures.daysSalesOutstanding,
                current: figures.current,
                days1to30: figures.days1to30,
                days31to60: figures.days31to60,
                days61to90: figures.days61to90,
                over90: figures.over90,
              },
            });
            accountsWritten++;
          }
          Context.current().heartbeat({ contactId });
        }
      }

      const figures = JSON.stringify(report.installation);
      await deps.db
        .insertInto('receivables_snapshots')
        .values({
          installation_id: input.installationId,
          as_of: asOf,
          figures,
          overdue_invoices: report.overdue.length,
          accounts_written: accountsWritten,
        })
        .onConflict((oc) =>
          oc.columns(['installation_id', 'as_of']).doUpdateSet({
            figures,
            overdue_invoices: report.overdue.length,
            accounts_written: accountsWritten,
            computed_at: new Date(),
          }),
        )
        .execute();
      const execution = Context.current().info.workflowExecution;
      await deps.audit.record({
        action: 'receivables.nightly',
        outcome: 'succeeded',
        actor: 'schedule:receivables',
        ...(execution ? { workflowId: execution.workflowId } : {}),
        subject: { installationId: input.installationId },
        detail: { asOf, invoices: invoices.length, overdue: report.overdue.length, accountsWritten },
      });
      return {
        asOf,
        invoices: invoices.length,
        accountsWritten,
        figures: report.installation,
        overdue: report.overdue,
      };
    },

    /**
     * A collection workflow for each overdue invoice, signal-with-start: a running one is told to
     * look again; one that finished (paid, written off, stopped by a person) is not started again.
     */
    async startOverdueCollections(input: {
      installationId: string;
      asOf: string;
      overdue: Array<Pick<OverdueInvoice, 'xeroTenantId' | 'xeroInvoiceId'>>;
    }): Promise<{ collecting: number; alreadyClosed: number }> {
      const counts = { collecting: 0, alreadyClosed: 0 };
      for (const invoice of input.overdue) {
        try {
          await deps.temporal.client.workflow.signalWithStart('collectionWorkflow', {
            workflowId: collectionWorkflowId(input.installationId, invoice.xeroInvoiceId),
            taskQueue: deps.temporal.taskQueue,
            // A completed collection stays finished; only a failed or terminated one starts again.
            workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
            args: [{ installationId: input.installationId, ...invoice, ...deps.collectionOptions }],
            signal: collectionReviewSignal,
            signalArgs: [{ asOf: input.asOf }],
          });
          counts.collecting++;
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          counts.alreadyClosed++;
        }
        Context.current().heartbeat(invoice.xeroInvoiceId);
      }
      return counts;
    },
  };
}

export type ReceivablesActivities = ReturnType<typeof createReceivablesActivities>;
