// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Health_Title';
import REFRESH from '@salesforce/label/c.Ledgerbridge_Health_Refresh';
import LOADING from '@salesforce/label/c.Ledgerbridge_Health_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Health_LoadError';
import CONNECTIONS from '@salesforce/label/c.Ledgerbridge_Health_Connections';
import CONNECTION from '@salesforce/label/c.Ledgerbridge_Health_Connection';
import STATUS from '@salesforce/label/c.Ledgerbridge_Health_Status';
import LAST_SUCCESS from '@salesforce/label/c.Ledgerbridge_Health_LastSuccess';
import LAST_FAILURE from '@salesforce/label/c.Ledgerbridge_Health_LastFailure';
import FAILURES24H from '@salesforce/label/c.Ledgerbridge_Health_Failures24h';
import NEVER from '@salesforce/label/c.Ledgerbridge_Health_Never';
import NONE from '@salesforce/label/c.Ledgerbridge_Health_None';
import UNKNOWN from '@salesforce/label/c.Ledgerbridge_Health_Unknown';
import NO_CONNECTIONS from '@salesforce/label/c.Ledgerbridge_Health_NoConnections';
import RECENT_FAILURES from '@salesforce/label/c.Ledgerbridge_Health_RecentFailures';
import FAILURE_TEXT from '@salesforce/label/c.Ledgerbridge_Health_FailureText';
import PARITY from '@salesforce/label/c.Ledgerbridge_Health_Parity';
import NO_PARITY_RUN from '@salesforce/label/c.Ledgerbridge_Health_NoParityRun';
import LAST_RUN from '@salesforce/label/c.Ledgerbridge_Health_LastRun';
import LAST_RUN_MODE from '@salesforce/label/c.Ledgerbridge_Health_LastRunMode';
import NOT_YET from '@salesforce/label/c.Ledgerbridge_Health_NotYet';
import NO_FINDINGS from '@salesforce/label/c.Ledgerbridge_Health_NoFindings';
import SOME_FINDINGS from '@salesforce/label/c.Ledgerbridge_Health_SomeFindings';
import ONE_FINDING from '@salesforce/label/c.Ledgerbridge_Health_OneFinding';
import ALL_FINDINGS from '@salesforce/label/c.Ledgerbridge_Health_AllFindings';
import FINDING from '@salesforce/label/c.Ledgerbridge_Health_Finding';
import XERO_RECORD from '@salesforce/label/c.Ledgerbridge_Health_XeroRecord';
import FIELD from '@salesforce/label/c.Ledgerbridge_Health_Field';
import XERO from '@salesforce/label/c.Ledgerbridge_Health_Xero';
import SALESFORCE from '@salesforce/label/c.Ledgerbridge_Health_Salesforce';
import DETECTED from '@salesforce/label/c.Ledgerbridge_Health_Detected';
import KIND_MISSING_IN_CRM from '@salesforce/label/c.Ledgerbridge_Health_KindMissingInCrm';
import KIND_MISSING_IN_XERO from '@salesforce/label/c.Ledgerbridge_Health_KindMissingInXero';
import KIND_ORPHANED_LINK from '@salesforce/label/c.Ledgerbridge_Health_KindOrphanedLink';
import KIND_DUPLICATE_LINK from '@salesforce/label/c.Ledgerbridge_Health_KindDuplicateLink';
import KIND_FIELD_MISMATCH from '@salesforce/label/c.Ledgerbridge_Health_KindFieldMismatch';
import KIND_SHADOW_MISMATCH from '@salesforce/label/c.Ledgerbridge_Health_KindShadowMismatch';
import KIND_SHADOW_NO_COUNTERPART from '@salesforce/label/c.Ledgerbridge_Health_KindShadowNoCounterpart';

export const LABELS = {
  title: TITLE,
  refresh: REFRESH,
  loading: LOADING,
  loadError: LOAD_ERROR,
  connections: CONNECTIONS,
  connection: CONNECTION,
  status: STATUS,
  lastSuccess: LAST_SUCCESS,
  lastFailure: LAST_FAILURE,
  failures24h: FAILURES24H,
  never: NEVER,
  none: NONE,
  unknown: UNKNOWN,
  noConnections: NO_CONNECTIONS,
  recentFailures: RECENT_FAILURES,
  failureText: FAILURE_TEXT,
  parity: PARITY,
  noParityRun: NO_PARITY_RUN,
  lastRun: LAST_RUN,
  lastRunMode: LAST_RUN_MODE,
  notYet: NOT_YET,
  noFindings: NO_FINDINGS,
  someFindings: SOME_FINDINGS,
  oneFinding: ONE_FINDING,
  allFindings: ALL_FINDINGS,
  finding: FINDING,
  xeroRecord: XERO_RECORD,
  field: FIELD,
  xero: XERO,
  salesforce: SALESFORCE,
  detected: DETECTED,
  kindMissingInCrm: KIND_MISSING_IN_CRM,
  kindMissingInXero: KIND_MISSING_IN_XERO,
  kindOrphanedLink: KIND_ORPHANED_LINK,
  kindDuplicateLink: KIND_DUPLICATE_LINK,
  kindFieldMismatch: KIND_FIELD_MISMATCH,
  kindShadowMismatch: KIND_SHADOW_MISMATCH,
  kindShadowNoCounterpart: KIND_SHADOW_NO_COUNTERPART,
};
