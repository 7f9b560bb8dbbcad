import type { CrmVendor } from '../../workflows/domain/crmVendor';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { wantsDelivery } from '../delivery/startInvoiceDelivery';
import type { ReviewWaits } from '../reviews/reviewWaits';
import type { FetchedXeroRecord } from '../../workflows/xero/planXeroRecord';
import type { XeroRecordCategory } from '../../workflows/xero/recordIds';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { CrmTarget, CrmTargets } from '../sync/crmTarget';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import type { PaymentFailures } from '../sync/paymentFailures';
import type { RecordLinks } from '../sync/recordLinks';
import type { ShadowPlans } from '../parity/shadowPlans';
import { validMappingSettings } from './mappingSettings';
import { activeXeroConnectionId } from './xeroConnection';
import { syncXeroRecordWith } from './xeroRecordSync';
import { applyXeroRecordPlan, type AppliedXeroRecord, type ApplyInput } from './xeroApply';
import { deepFrozen, shortLived } from '../sync/shortLived';

export interface XeroSyncDeps {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  audit: AuditLog;
  /** The tenant's stored mapping settings as saved (validated by the activities that use them). */
  loadSettings(tenantId: string): Promise<unknown>;
  /** The CRM deal an invoice was made from by the CRM-to-Xero flow, if it was. */
  dealOrigin?(
    xeroTenantId: string,
    xeroInvoiceId: string,
    reference?: string,
  ): Promise<{ crm: CrmVendor; crmConnectionId: string; dealId: string } | undefined>;
  /** Failed (deleted or reversed) payments per invoice, for the retry counter and its task. */
  paymentFailures?: PaymentFailures;
  /** Hands Xero changes to their records' workflows (credit notes re-sync their invoices). */
  dispatchXeroChanges: XeroEventDispatch;
  /** Where shadow (dry-run) mode records the writes it does not make. */
  shadowPlans?: ShadowPlans;
  /** Ledgerbridge's own CRM record ↔ Xero record links, which the cards read. */
  links?: RecordLinks;
  /** The records waiting on a contact's review, resumed when a person decides (worker/reviews). */
  reviewWaits?: ReviewWaits;
  /**
   * Tells an approved sales invoice's delivery workflow (issue #23) that it was synced, starting it
   * when none runs (worker/delivery/startInvoiceDelivery.ts); absent where delivery is not served.
   */
  startDelivery?(input: { xeroTenantId: string; invoice: CanonicalInvoice }): Promise<void>;
}

/**
 * How long an organisation's connection, settings and CRM targets read by one sync serve the next
 * ones: a busy organisation's syncs read them about once a second instead of three times per sync,
 * and a change made meanwhile applies from the next second.
 */
const SYNC_CONTEXT_TTL_MS = 1_000;

/** The activities of the Xero-to-CRM flow: fetch the record, load settings, apply the plan. */
export function createXeroSyncActivities(deps: XeroSyncDeps) {
  // What a sync looks up about its organisation, read fresh by the single-step activities (the
  // CRM-to-Xero flow and runs from before the one-activity sync use them) and, for the hot
  // one-activity sync, remembered for SYNC_CONTEXT_TTL_MS.
  const fresh: SyncLookups = {
    xeroConnectionId: (tenantId) => activeXeroConnectionId(deps.connections, tenantId),
    settings: async (tenantId) => validMappingSettings(tenantId, await deps.loadSettings(tenantId)),
    targets: (tenantId) => deps.crmTargets.forXeroTenant(tenantId),
  };
  const recent: SyncLookups = {
    xeroConnectionId: shortLived(fresh.xeroConnectionId, SYNC_CONTEXT_TTL_MS),
    settings: shortLived(async (tenantId) => deepFrozen(await fresh.settings(tenantId)), SYNC_CONTEXT_TTL_MS),
    targets: shortLived(fresh.targets, SYNC_CONTEXT_TTL_MS),
  };
  async function fetchRecord(input: FetchInput, lookups: SyncLookups): Promise<FetchedXeroRecord> {
    const api = deps.xeroApi(await lookups.xeroConnectionId(input.tenantId));
    const missing: FetchedXeroRecord = {
      kind: 'missing',
      category: input.category,
      resourceId: input.resourceId,
    };
    try {
      if (input.category === 'INVOICE') {
        const invoice = await api.getInvoice(input.resourceId);
        const contact = await api.getContact(invoice.contactId);
        return { kind: 'invoice', invoice, contact };
      }
      if (input.category === 'CREDITNOTE')
        return {
          kind: 'credit_note',
          creditNoteId: input.resourceId,
          invoiceIds: await api.getCreditNoteInvoiceIds(input.resourceId),
        };
      if (input.category === 'CONTACT')
        return { kind: 'contact', contact: await api.getContact(input.resourceId) };
      return missing;
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return missing;
      throw err;
    }
  }

  return {
    fetchXeroRecord: (input: FetchInput): Promise<FetchedXeroRecord> => fetchRecord(input, fresh),

    /**
     * The tenant's mapping settings, validated (defaults filled in). Until an admin saves some from
     * a CRM package, the defaults apply. Validation happens here rather than in the workflow so the
     * workflow bundle carries no zod: building its schemas again for every workflow run was the
     * largest cost of starting one. Settings that no longer validate (saved under an older schema)
     * fail this activity, naming each field; after a few tries (workflows/activityOptions.ts,
     * settingsRead) the record waits for a person, whose retry after fixing them lets it go on.
     */
    async loadMappingSettings(input: { tenantId: string }): Promise<MappingSettings> {
      return fresh.settings(input.tenantId);
    },

    applyXeroRecord: (input: ApplyInput): Promise<AppliedXeroRecord> =>
      applyXeroRecordPlan(deps, input, fresh.targets),

    /** One whole sync in one local activity (xeroRecordSync.ts), its lookups remembered for a second. */
    syncXeroRecord: syncXeroRecordWith({
      fetch: (input) => fetchRecord(input, recent),
      settings: (tenantId) => recent.settings(tenantId),
      apply: (input) => applyXeroRecordPlan(deps, input, recent.targets),
      afterApply: async ({ tenantId, fetched, settings, applied }) => {
        // Shadow mode proves parity before cutover: nothing reaches customers from it.
        if (!deps.startDelivery || fetched.kind !== 'invoice' || applied.outcome === 'shadowed') return;
        if (wantsDelivery(fetched.invoice, settings.delivery))
          await deps.startDelivery({ xeroTenantId: tenantId, invoice: fetched.invoice });
      },
    }),

    /**
     * Whether everything a Xero organisation's sync needs is usable again: its own connection and
     * every CRM of its installation (a paused workflow polls this until a human has reconnected).
     */
    async syncConnectionsReady(input: { tenantId: string }): Promise<boolean> {
      const xero = await deps.connections.find('xero', input.tenantId);
      if (xero?.status !== 'active') return false;
      const own = await deps.connections.list({ installationId: xero.installationId });
      const crms = own.filter((c) => c.vendor !== 'xero' && c.status !== 'disconnected');
      return crms.every((c) => c.status === 'active');
    },
  };
}

interface SyncLookups {
  xeroConnectionId(tenantId: string): Promise<string>;
  settings(tenantId: string): Promise<MappingSettings>;
  targets(tenantId: string): Promise<CrmTarget[]>;
}

export interface FetchInput {
  tenantId: string;
  category: XeroRecordCategory;
  resourceId: string;
}

export type XeroSyncActivities = ReturnType<typeof createXeroSyncActivities>;
