// The Custom Labels this action shows (labels/CustomLabels.labels-meta.xml), shared with the Opportunity panel's button.
import RESYNC_REQUESTED from '@salesforce/label/c.Ledgerbridge_Opportunity_ResyncRequested';
import RESYNC_SYNCING from '@salesforce/label/c.Ledgerbridge_Opportunity_ResyncSyncing';
import RESYNC_FAILED from '@salesforce/label/c.Ledgerbridge_Resync_NotRequested';

export const LABELS = {
  resyncRequested: RESYNC_REQUESTED,
  resyncSyncing: RESYNC_SYNCING,
  notRequested: RESYNC_FAILED,
};
