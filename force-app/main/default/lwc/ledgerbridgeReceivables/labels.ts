// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Receivables_Title';
import REFRESH from '@salesforce/label/c.Ledgerbridge_Receivables_Refresh';
import LOADING from '@salesforce/label/c.Ledgerbridge_Receivables_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Receivables_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Receivables_NoAccess';
import AS_OF from '@salesforce/label/c.Ledgerbridge_Receivables_AsOf';
import NOTHING_OWED from '@salesforce/label/c.Ledgerbridge_Receivables_NothingOwed';
import CURRENCY from '@salesforce/label/c.Ledgerbridge_Receivables_Currency';
import CURRENT from '@salesforce/label/c.Ledgerbridge_Receivables_Current';
import DAYS_1_TO_30 from '@salesforce/label/c.Ledgerbridge_Receivables_Days1To30';
import DAYS_31_TO_60 from '@salesforce/label/c.Ledgerbridge_Receivables_Days31To60';
import DAYS_61_TO_90 from '@salesforce/label/c.Ledgerbridge_Receivables_Days61To90';
import OVER_90 from '@salesforce/label/c.Ledgerbridge_Receivables_Over90';
import OUTSTANDING from '@salesforce/label/c.Ledgerbridge_Receivables_Outstanding';
import DSO from '@salesforce/label/c.Ledgerbridge_Receivables_Dso';
import NO_DSO from '@salesforce/label/c.Ledgerbridge_Receivables_NoDso';

export const LABELS = {
  title: TITLE,
  refresh: REFRESH,
  loading: LOADING,
  /** {0}: the reason. */
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  /** {0}: the date, {1}: how many invoices are overdue. */
  asOf: AS_OF,
  nothingOwed: NOTHING_OWED,
  currency: CURRENCY,
  current: CURRENT,
  days1to30: DAYS_1_TO_30,
  days31to60: DAYS_31_TO_60,
  days61to90: DAYS_61_TO_90,
  over90: OVER_90,
  outstanding: OUTSTANDING,
  dso: DSO,
  noDso: NO_DSO,
};
