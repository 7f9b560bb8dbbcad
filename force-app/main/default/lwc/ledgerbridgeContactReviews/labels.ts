// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Reviews_Title';
import REFRESH from '@salesforce/label/c.Ledgerbridge_Reviews_Refresh';
import LOADING from '@salesforce/label/c.Ledgerbridge_Reviews_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Reviews_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Reviews_NoAccess';
import EMPTY from '@salesforce/label/c.Ledgerbridge_Reviews_Empty';
import COUNT from '@salesforce/label/c.Ledgerbridge_Reviews_Count';
import SHOWN from '@salesforce/label/c.Ledgerbridge_Reviews_Shown';
import CANNOT_DECIDE from '@salesforce/label/c.Ledgerbridge_Reviews_CannotDecide';
import CONTACT_IN from '@salesforce/label/c.Ledgerbridge_Reviews_ContactIn';
import EMAIL from '@salesforce/label/c.Ledgerbridge_Reviews_Email';
import TAX_NUMBER from '@salesforce/label/c.Ledgerbridge_Reviews_TaxNumber';
import WAITING_RECORDS from '@salesforce/label/c.Ledgerbridge_Reviews_WaitingRecords';
import WAITING_SINCE from '@salesforce/label/c.Ledgerbridge_Reviews_WaitingSince';
import NONE_IN_XERO from '@salesforce/label/c.Ledgerbridge_Reviews_NoneInXero';
import ACCOUNT from '@salesforce/label/c.Ledgerbridge_Reviews_Account';
import MATCHED_BY from '@salesforce/label/c.Ledgerbridge_Reviews_MatchedBy';
import WHY from '@salesforce/label/c.Ledgerbridge_Reviews_Why';
import DECISION from '@salesforce/label/c.Ledgerbridge_Reviews_Decision';
import CANDIDATES from '@salesforce/label/c.Ledgerbridge_Reviews_Candidates';
import RULE_TAX_NUMBER from '@salesforce/label/c.Ledgerbridge_Reviews_RuleTaxNumber';
import RULE_EMAIL from '@salesforce/label/c.Ledgerbridge_Reviews_RuleEmail';
import RULE_LINK from '@salesforce/label/c.Ledgerbridge_Reviews_RuleLink';
import RULE_NAME from '@salesforce/label/c.Ledgerbridge_Reviews_RuleName';
import RULE_NONE from '@salesforce/label/c.Ledgerbridge_Reviews_RuleNone';
import LINK from '@salesforce/label/c.Ledgerbridge_Reviews_Link';
import CREATE from '@salesforce/label/c.Ledgerbridge_Reviews_Create';
import IGNORE from '@salesforce/label/c.Ledgerbridge_Reviews_Ignore';
import IGNORE_REASON from '@salesforce/label/c.Ledgerbridge_Reviews_IgnoreReason';
import IGNORE_HELP from '@salesforce/label/c.Ledgerbridge_Reviews_IgnoreHelp';
import IGNORE_CONFIRM from '@salesforce/label/c.Ledgerbridge_Reviews_IgnoreConfirm';
import REASON_MISSING from '@salesforce/label/c.Ledgerbridge_Reviews_ReasonMissing';
import CANCEL from '@salesforce/label/c.Ledgerbridge_Reviews_Cancel';
import DECIDING from '@salesforce/label/c.Ledgerbridge_Reviews_Deciding';
import LINKED from '@salesforce/label/c.Ledgerbridge_Reviews_Linked';
import CREATED from '@salesforce/label/c.Ledgerbridge_Reviews_Created';
import IGNORED from '@salesforce/label/c.Ledgerbridge_Reviews_Ignored';
import DECIDED_TITLE from '@salesforce/label/c.Ledgerbridge_Reviews_DecidedTitle';
import NOT_DECIDED from '@salesforce/label/c.Ledgerbridge_Reviews_NotDecided';

export const LABELS = {
  title: TITLE,
  refresh: REFRESH,
  loading: LOADING,
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  empty: EMPTY,
  count: COUNT,
  shown: SHOWN,
  cannotDecide: CANNOT_DECIDE,
  contactIn: CONTACT_IN,
  email: EMAIL,
  taxNumber: TAX_NUMBER,
  waitingRecords: WAITING_RECORDS,
  waitingSince: WAITING_SINCE,
  noneInXero: NONE_IN_XERO,
  account: ACCOUNT,
  matchedBy: MATCHED_BY,
  why: WHY,
  decision: DECISION,
  candidates: CANDIDATES,
  ruleTaxNumber: RULE_TAX_NUMBER,
  ruleEmail: RULE_EMAIL,
  ruleLink: RULE_LINK,
  ruleName: RULE_NAME,
  ruleNone: RULE_NONE,
  link: LINK,
  create: CREATE,
  ignore: IGNORE,
  ignoreReason: IGNORE_REASON,
  ignoreHelp: IGNORE_HELP,
  ignoreConfirm: IGNORE_CONFIRM,
  reasonMissing: REASON_MISSING,
  cancel: CANCEL,
  deciding: DECIDING,
  linked: LINKED,
  created: CREATED,
  ignored: IGNORED,
  decidedTitle: DECIDED_TITLE,
  notDecided: NOT_DECIDED,
};
