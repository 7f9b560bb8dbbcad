import { Text } from '@hubspot/ui-extensions';
import type { LastSync } from '../generated/cardData';
import { formatMoment } from '../lib/format';

const ACTIONS: Record<string, string> = {
  upsert_deal: 'deal updated from Xero',
  link_account: 'company linked to its Xero contact',
  create_xero_invoice: 'invoice created in Xero',
  update_xero_invoice: 'invoice updated in Xero',
  credit_xero_invoice: 'invoice credited and reissued in Xero',
  record_invoice_on_deal: 'invoice recorded on the deal',
  deal_not_invoiced: 'not invoiced: see the problems',
  deal_resync_requested: 're-sync requested',
};

export function LastSyncLine({ lastSync }: { lastSync: LastSync | null }) {
  if (!lastSync) return <Text variant="microcopy">Not synced yet.</Text>;
  const what = ACTIONS[lastSync.action] ?? lastSync.action.replaceAll('_', ' ');
  return (
    <Text variant="microcopy">
      Last sync: {formatMoment(lastSync.at)} ({what}, {lastSync.outcome})
    </Text>
  );
}
