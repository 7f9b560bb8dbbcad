// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import AGEING1_TO30 from '@salesforce/label/c.Ledgerbridge_Format_Ageing1To30';
import AGEING31_TO60 from '@salesforce/label/c.Ledgerbridge_Format_Ageing31To60';
import AGEING61_TO90 from '@salesforce/label/c.Ledgerbridge_Format_Ageing61To90';
import AGEING_OVER90 from '@salesforce/label/c.Ledgerbridge_Format_AgeingOver90';
import UNKNOWN_ERROR from '@salesforce/label/c.Ledgerbridge_Format_UnknownError';
import DATE_TIME_UTC from '@salesforce/label/c.Ledgerbridge_Format_DateTimeUtc';

export const LABELS = {
  ageing1To30: AGEING1_TO30,
  ageing31To60: AGEING31_TO60,
  ageing61To90: AGEING61_TO90,
  ageingOver90: AGEING_OVER90,
  unknownError: UNKNOWN_ERROR,
  dateTimeUtc: DATE_TIME_UTC,
};
