// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Settings_Title';
import LOADING from '@salesforce/label/c.Ledgerbridge_Settings_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Settings_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Settings_NoAccess';
import INVALID_JSON from '@salesforce/label/c.Ledgerbridge_Settings_InvalidJson';
import ORGANISATIONS_ERROR from '@salesforce/label/c.Ledgerbridge_Settings_OrganisationsError';
import FLAT_SETTINGS from '@salesforce/label/c.Ledgerbridge_Settings_FlatSettings';
import NO_SETTINGS_SAVED from '@salesforce/label/c.Ledgerbridge_Settings_NoSettingsSaved';
import SAVED_VERSION from '@salesforce/label/c.Ledgerbridge_Settings_SavedVersion';
import WORKER from '@salesforce/label/c.Ledgerbridge_Settings_Worker';
import WHICH_INVOICES from '@salesforce/label/c.Ledgerbridge_Settings_WhichInvoices';
import INVOICE_TYPES from '@salesforce/label/c.Ledgerbridge_Settings_InvoiceTypes';
import TYPE_ACCREC from '@salesforce/label/c.Ledgerbridge_Settings_TypeAccrec';
import TYPE_ACCPAY from '@salesforce/label/c.Ledgerbridge_Settings_TypeAccpay';
import INVOICE_STATUSES from '@salesforce/label/c.Ledgerbridge_Settings_InvoiceStatuses';
import MIN_AMOUNT from '@salesforce/label/c.Ledgerbridge_Settings_MinAmount';
import CONTACT_GROUPS from '@salesforce/label/c.Ledgerbridge_Settings_ContactGroups';
import CONTACT_GROUPS_HELP from '@salesforce/label/c.Ledgerbridge_Settings_ContactGroupsHelp';
import STAGES_HEADING from '@salesforce/label/c.Ledgerbridge_Settings_StagesHeading';
import STAGE_FOR from '@salesforce/label/c.Ledgerbridge_Settings_StageFor';
import NO_STAGE from '@salesforce/label/c.Ledgerbridge_Settings_NoStage';
import NOT_ASTAGE from '@salesforce/label/c.Ledgerbridge_Settings_NotAStage';
import CONTACTS_AND_CURRENCY from '@salesforce/label/c.Ledgerbridge_Settings_ContactsAndCurrency';
import CONTACT_OWNER from '@salesforce/label/c.Ledgerbridge_Settings_ContactOwner';
import OWNER_XERO from '@salesforce/label/c.Ledgerbridge_Settings_OwnerXero';
import OWNER_CRM from '@salesforce/label/c.Ledgerbridge_Settings_OwnerCrm';
import ALLOWED_CURRENCIES from '@salesforce/label/c.Ledgerbridge_Settings_AllowedCurrencies';
import ALLOWED_CURRENCIES_HELP from '@salesforce/label/c.Ledgerbridge_Settings_AllowedCurrenciesHelp';
import CURRENCY_MAP from '@salesforce/label/c.Ledgerbridge_Settings_CurrencyMap';
import CURRENCY_MAP_HELP from '@salesforce/label/c.Ledgerbridge_Settings_CurrencyMapHelp';
import PER_ORGANISATION from '@salesforce/label/c.Ledgerbridge_Settings_PerOrganisation';
import ORGANISATION from '@salesforce/label/c.Ledgerbridge_Settings_Organisation';
import TAX_RATES from '@salesforce/label/c.Ledgerbridge_Settings_TaxRates';
import TAX_RATES_HELP from '@salesforce/label/c.Ledgerbridge_Settings_TaxRatesHelp';
import ITEMS from '@salesforce/label/c.Ledgerbridge_Settings_Items';
import ITEMS_HELP from '@salesforce/label/c.Ledgerbridge_Settings_ItemsHelp';
import DEFAULT_ACCOUNT_CODE from '@salesforce/label/c.Ledgerbridge_Settings_DefaultAccountCode';
import TRACKING_CATEGORY from '@salesforce/label/c.Ledgerbridge_Settings_TrackingCategory';
import TRACKING_OPTION from '@salesforce/label/c.Ledgerbridge_Settings_TrackingOption';
import ROUTING_HEADING from '@salesforce/label/c.Ledgerbridge_Settings_RoutingHeading';
import ROUTING_RULES from '@salesforce/label/c.Ledgerbridge_Settings_RoutingRules';
import ROUTING_HELP from '@salesforce/label/c.Ledgerbridge_Settings_RoutingHelp';
import EXAMPLE_ORGANISATION from '@salesforce/label/c.Ledgerbridge_Settings_ExampleOrganisation';
import DEFAULT_ORGANISATION from '@salesforce/label/c.Ledgerbridge_Settings_DefaultOrganisation';
import NO_ORGANISATION_DEFAULT from '@salesforce/label/c.Ledgerbridge_Settings_NoOrganisationDefault';
import NO_ORGANISATIONS from '@salesforce/label/c.Ledgerbridge_Settings_NoOrganisations';
import STATUS_NEEDS_REAUTH from '@salesforce/label/c.Ledgerbridge_Settings_StatusNeedsReauth';
import STATUS_DISCONNECTED from '@salesforce/label/c.Ledgerbridge_Settings_StatusDisconnected';
import STATUS_UNLISTED from '@salesforce/label/c.Ledgerbridge_Settings_StatusUnlisted';
import WON_INVOICES from '@salesforce/label/c.Ledgerbridge_Settings_WonInvoices';
import CREATE_INVOICE_AS from '@salesforce/label/c.Ledgerbridge_Settings_CreateInvoiceAs';
import CREATE_AUTHORISED from '@salesforce/label/c.Ledgerbridge_Settings_CreateAuthorised';
import CREATE_DRAFT from '@salesforce/label/c.Ledgerbridge_Settings_CreateDraft';
import PAYMENT_TERMS_DAYS from '@salesforce/label/c.Ledgerbridge_Settings_PaymentTermsDays';
import AMENDMENT_POLICY from '@salesforce/label/c.Ledgerbridge_Settings_AmendmentPolicy';
import AMEND_FLAG from '@salesforce/label/c.Ledgerbridge_Settings_AmendFlag';
import AMEND_CREDIT_NOTE from '@salesforce/label/c.Ledgerbridge_Settings_AmendCreditNote';
import PAYMENT_FAILURE_TASK_THRESHOLD from '@salesforce/label/c.Ledgerbridge_Settings_PaymentFailureTaskThreshold';
import REQUIRE_DISCOUNT_APPROVAL from '@salesforce/label/c.Ledgerbridge_Settings_RequireDiscountApproval';
import SHADOW_XERO_TO_CRM from '@salesforce/label/c.Ledgerbridge_Settings_ShadowXeroToCrm';
import SHADOW_CRM_TO_XERO from '@salesforce/label/c.Ledgerbridge_Settings_ShadowCrmToXero';
import PAYMENTS_HEADING from '@salesforce/label/c.Ledgerbridge_Settings_PaymentsHeading';
import RECORD_IN_XERO from '@salesforce/label/c.Ledgerbridge_Settings_RecordInXero';
import RECORD_IN_XERO_HELP from '@salesforce/label/c.Ledgerbridge_Settings_RecordInXeroHelp';
import REMINDER_DAYS from '@salesforce/label/c.Ledgerbridge_Settings_ReminderDays';
import REMINDER_DAYS_HELP from '@salesforce/label/c.Ledgerbridge_Settings_ReminderDaysHelp';
import COLLECTION_OWNER_TASK from '@salesforce/label/c.Ledgerbridge_Settings_CollectionOwnerTask';
import ESCALATION_DAY from '@salesforce/label/c.Ledgerbridge_Settings_EscalationDay';
import MAKE_RENEWALS from '@salesforce/label/c.Ledgerbridge_Settings_MakeRenewals';
import RENEWAL_LEAD_DAYS from '@salesforce/label/c.Ledgerbridge_Settings_RenewalLeadDays';
import TIME_ZONE from '@salesforce/label/c.Ledgerbridge_Settings_TimeZone';
import TIME_ZONE_HELP from '@salesforce/label/c.Ledgerbridge_Settings_TimeZoneHelp';
import DELIVERY_HEADING from '@salesforce/label/c.Ledgerbridge_Settings_DeliveryHeading';
import DELIVERY_SENDER from '@salesforce/label/c.Ledgerbridge_Settings_DeliverySender';
import DELIVERY_SENDER_HELP from '@salesforce/label/c.Ledgerbridge_Settings_DeliverySenderHelp';
import SENDER_OFF from '@salesforce/label/c.Ledgerbridge_Settings_SenderOff';
import SENDER_XERO from '@salesforce/label/c.Ledgerbridge_Settings_SenderXero';
import SENDER_LEDGERBRIDGE from '@salesforce/label/c.Ledgerbridge_Settings_SenderLedgerbridge';
import DELIVERY_REMINDER_DAYS from '@salesforce/label/c.Ledgerbridge_Settings_DeliveryReminderDays';
import DELIVERY_REMINDER_DAYS_HELP from '@salesforce/label/c.Ledgerbridge_Settings_DeliveryReminderDaysHelp';
import FILE_IN_CRM from '@salesforce/label/c.Ledgerbridge_Settings_FileInCrm';
import FILE_IN_CRM_HELP from '@salesforce/label/c.Ledgerbridge_Settings_FileInCrmHelp';
import PORTAL_LINK_DAYS from '@salesforce/label/c.Ledgerbridge_Settings_PortalLinkDays';
import BRAND_NAME from '@salesforce/label/c.Ledgerbridge_Settings_BrandName';
import BRAND_NAME_HELP from '@salesforce/label/c.Ledgerbridge_Settings_BrandNameHelp';
import BRAND_COLOUR from '@salesforce/label/c.Ledgerbridge_Settings_BrandColour';
import BRAND_COLOUR_HELP from '@salesforce/label/c.Ledgerbridge_Settings_BrandColourHelp';
import BRAND_LOGO_URL from '@salesforce/label/c.Ledgerbridge_Settings_BrandLogoUrl';
import BRAND_REPLY_TO from '@salesforce/label/c.Ledgerbridge_Settings_BrandReplyTo';
import BRAND_REPLY_TO_HELP from '@salesforce/label/c.Ledgerbridge_Settings_BrandReplyToHelp';
import SAVE from '@salesforce/label/c.Ledgerbridge_Settings_Save';
import NOT_SAVED_FIX from '@salesforce/label/c.Ledgerbridge_Settings_NotSavedFix';
import SAVED_AS from '@salesforce/label/c.Ledgerbridge_Settings_SavedAs';
import SAVED_TITLE from '@salesforce/label/c.Ledgerbridge_Settings_SavedTitle';
import NOT_SAVED from '@salesforce/label/c.Ledgerbridge_Settings_NotSaved';
import SETTINGS_RECORD_NAME from '@salesforce/label/c.Ledgerbridge_Settings_SettingsRecordName';

export const LABELS = {
  title: TITLE,
  loading: LOADING,
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  invalidJson: INVALID_JSON,
  organisationsError: ORGANISATIONS_ERROR,
  flatSettings: FLAT_SETTINGS,
  noSettingsSaved: NO_SETTINGS_SAVED,
  savedVersion: SAVED_VERSION,
  worker: WORKER,
  whichInvoices: WHICH_INVOICES,
  invoiceTypes: INVOICE_TYPES,
  typeAccrec: TYPE_ACCREC,
  typeAccpay: TYPE_ACCPAY,
  invoiceStatuses: INVOICE_STATUSES,
  minAmount: MIN_AMOUNT,
  contactGroups: CONTACT_GROUPS,
  contactGroupsHelp: CONTACT_GROUPS_HELP,
  stagesHeading: STAGES_HEADING,
  stageFor: STAGE_FOR,
  noStage: NO_STAGE,
  notAStage: NOT_ASTAGE,
  contactsAndCurrency: CONTACTS_AND_CURRENCY,
  contactOwner: CONTACT_OWNER,
  ownerXero: OWNER_XERO,
  ownerCrm: OWNER_CRM,
  allowedCurrencies: ALLOWED_CURRENCIES,
  allowedCurrenciesHelp: ALLOWED_CURRENCIES_HELP,
  currencyMap: CURRENCY_MAP,
  currencyMapHelp: CURRENCY_MAP_HELP,
  perOrganisation: PER_ORGANISATION,
  organisation: ORGANISATION,
  taxRates: TAX_RATES,
  taxRatesHelp: TAX_RATES_HELP,
  items: ITEMS,
  itemsHelp: ITEMS_HELP,
  defaultAccountCode: DEFAULT_ACCOUNT_CODE,
  trackingCategory: TRACKING_CATEGORY,
  trackingOption: TRACKING_OPTION,
  routingHeading: ROUTING_HEADING,
  routingRules: ROUTING_RULES,
  routingHelp: ROUTING_HELP,
  exampleOrganisation: EXAMPLE_ORGANISATION,
  defaultOrganisation: DEFAULT_ORGANISATION,
  noOrganisationDefault: NO_ORGANISATION_DEFAULT,
  noOrganisations: NO_ORGANISATIONS,
  statusNeedsReauth: STATUS_NEEDS_REAUTH,
  statusDisconnected: STATUS_DISCONNECTED,
  statusUnlisted: STATUS_UNLISTED,
  wonInvoices: WON_INVOICES,
  createInvoiceAs: CREATE_INVOICE_AS,
  createAuthorised: CREATE_AUTHORISED,
  createDraft: CREATE_DRAFT,
  paymentTermsDays: PAYMENT_TERMS_DAYS,
  amendmentPolicy: AMENDMENT_POLICY,
  amendFlag: AMEND_FLAG,
  amendCreditNote: AMEND_CREDIT_NOTE,
  paymentFailureTaskThreshold: PAYMENT_FAILURE_TASK_THRESHOLD,
  requireDiscountApproval: REQUIRE_DISCOUNT_APPROVAL,
  shadowXeroToCrm: SHADOW_XERO_TO_CRM,
  shadowCrmToXero: SHADOW_CRM_TO_XERO,
  paymentsHeading: PAYMENTS_HEADING,
  recordInXero: RECORD_IN_XERO,
  recordInXeroHelp: RECORD_IN_XERO_HELP,
  reminderDays: REMINDER_DAYS,
  reminderDaysHelp: REMINDER_DAYS_HELP,
  collectionOwnerTask: COLLECTION_OWNER_TASK,
  escalationDay: ESCALATION_DAY,
  makeRenewals: MAKE_RENEWALS,
  renewalLeadDays: RENEWAL_LEAD_DAYS,
  timeZone: TIME_ZONE,
  timeZoneHelp: TIME_ZONE_HELP,
  deliveryHeading: DELIVERY_HEADING,
  deliverySender: DELIVERY_SENDER,
  deliverySenderHelp: DELIVERY_SENDER_HELP,
  senderOff: SENDER_OFF,
  senderXero: SENDER_XERO,
  senderLedgerbridge: SENDER_LEDGERBRIDGE,
  deliveryReminderDays: DELIVERY_REMINDER_DAYS,
  deliveryReminderDaysHelp: DELIVERY_REMINDER_DAYS_HELP,
  fileInCrm: FILE_IN_CRM,
  fileInCrmHelp: FILE_IN_CRM_HELP,
  portalLinkDays: PORTAL_LINK_DAYS,
  brandName: BRAND_NAME,
  brandNameHelp: BRAND_NAME_HELP,
  brandColour: BRAND_COLOUR,
  brandColourHelp: BRAND_COLOUR_HELP,
  brandLogoUrl: BRAND_LOGO_URL,
  brandReplyTo: BRAND_REPLY_TO,
  brandReplyToHelp: BRAND_REPLY_TO_HELP,
  save: SAVE,
  notSavedFix: NOT_SAVED_FIX,
  savedAs: SAVED_AS,
  savedTitle: SAVED_TITLE,
  notSaved: NOT_SAVED,
  settingsRecordName: SETTINGS_RECORD_NAME,
};
