import { LightningElement, wire } from 'lwc';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  getObjectInfo,
  getPicklistValues,
  type ObjectInfo,
  type PicklistValues,
} from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import SETTINGS_OBJECT from '@salesforce/schema/Ledgerbridge_Settings__c';
import SETTINGS_NAME from '@salesforce/schema/Ledgerbridge_Settings__c.Name';
import SETTINGS_KEY from '@salesforce/schema/Ledgerbridge_Settings__c.Settings_Ref__c';
import SETTINGS_JSON from '@salesforce/schema/Ledgerbridge_Settings__c.Settings_JSON__c';
import SETTINGS_VERSION from '@salesforce/schema/Ledgerbridge_Settings__c.Version__c';
import OPPORTUNITY_OBJECT from '@salesforce/schema/Opportunity';
import STAGE_NAME from '@salesforce/schema/Opportunity.StageName';
import { errorMessage, formatDateTime, formatLabel, isAccessDenied } from 'c/ledgerbridgeFormat';
import {
  AMENDMENT_POLICIES,
  DELIVERY_SENDERS,
  INVOICE_STATUSES,
  INVOICE_TYPES,
  validateInstallationSettings,
} from 'c/ledgerbridgeSettingsRules';
import type { PathErrors } from './formText';
import { ORGANISATION_FIELDS, organisationErrors, type Organisation } from './organisationForm';
import { errorsByField, fieldOfError } from './settingsErrors';
import {
  formFromSettings,
  organisationsOf,
  savedInFlatShape,
  settingsFromForm,
  type SettingsForm,
} from './settingsForm';
import { LABELS } from './labels';
import { stageOptions } from './stageOptions';

/** Aliased in the query so the keys stay the same when the package's namespace prefixes the names. */
interface SettingsNode {
  Id: string;
  json: { value: string | null };
  version: { value: number | null };
  workerStatus: { value: string | null };
  LastModifiedDate: { value: string };
}
type SettingsQuery = {
  uiapi: { query: { settings: { edges: Array<{ node: SettingsNode }> } } };
};
interface WireResult<T> {
  data?: T;
  error?: unknown;
}

/** What the base input components offer for showing a message on the field itself. */
interface Validatable {
  setCustomValidity(message: string): void;
  reportValidity(): boolean;
}

const options = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

const NAME_WITH_STATUS: Record<Organisation['status'], string> = {
  active: '{0}',
  needs_reauth: LABELS.statusNeedsReauth,
  disconnected: LABELS.statusDisconnected,
  unlisted: LABELS.statusUnlisted,
  unchecked: '{0}',
};

export default class LedgerbridgeSettings extends LightningElement {
  labels = LABELS;
  form: SettingsForm = formFromSettings({}, []);
  /** Field path → message, from the rules, the worker's organisation check and unreadable lines. */
  pathErrors: PathErrors = {};
  saving = false;
  message = '';
  /** The installation's Xero organisations, from the worker (the Xero connections card's list). */
  listed?: Organisation[];
  organisationsError = '';
  organisations: Organisation[] = [];
  private saved: unknown;
  private listFailed = false;
  private loadedFrom: string | undefined;
  private result?: GraphQLResult<SettingsQuery>;

  contactOwnerOptions = options(['xero', 'crm'], { xero: LABELS.ownerXero, crm: LABELS.ownerCrm });
  typeOptions = options(INVOICE_TYPES, { ACCREC: LABELS.typeAccrec, ACCPAY: LABELS.typeAccpay });
  statusOptions = options(INVOICE_STATUSES);
  createAsOptions = options(['AUTHORISED', 'DRAFT'], {
    AUTHORISED: LABELS.createAuthorised,
    DRAFT: LABELS.createDraft,
  });
  senderOptions = options(DELIVERY_SENDERS, {
    off: LABELS.senderOff,
    xero: LABELS.senderXero,
    ledgerbridge: LABELS.senderLedgerbridge,
  });
  amendmentOptions = options(AMENDMENT_POLICIES, {
    update_draft_else_flag: LABELS.amendFlag,
    update_draft_else_credit_note: LABELS.amendCreditNote,
  });

  /** Whether this user may save settings: admins only; everyone else sees a quiet note, not errors. */
  @wire(getObjectInfo, { objectApiName: SETTINGS_OBJECT })
  settingsObject?: WireResult<ObjectInfo>;

  @wire(getObjectInfo, { objectApiName: OPPORTUNITY_OBJECT })
  opportunityObject?: WireResult<ObjectInfo>;

  /** The org's opportunity stages, for the stage of each invoice status. */
  @wire(getPicklistValues, { recordTypeId: '$stageRecordTypeId', fieldApiName: STAGE_NAME })
  stages?: WireResult<PicklistValues>;

  get stageRecordTypeId(): string | undefined {
    return this.opportunityObject?.data?.defaultRecordTypeId;
  }

  @wire(graphql, {
    query: gql`
      query ledgerbridgeSettings {
        uiapi {
          query {
            settings: Ledgerbridge_Settings__c(where: { Settings_Ref__c: { eq: "default" } }, first: 1) {
              edges {
                node {
                  Id
                  json: Settings_JSON__c {
                    value
                  }
                  version: Version__c {
                    value
                  }
                  workerStatus: Worker_Status__c {
                    value
                  }
                  LastModifiedDate {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
  })
  wiredSettings(result: GraphQLResult<SettingsQuery>): void {
    this.result = result;
    const node = this.record;
    const json = node?.json.value ?? '{}';
    if (!result.data || json === this.loadedFrom) return;
    this.loadedFrom = json;
    try {
      this.saved = JSON.parse(json);
    } catch {
      this.saved = {};
      this.message = LABELS.invalidJson;
    }
    this.fillForm();
  }

  override connectedCallback(): void {
    void this.loadOrganisations();
  }

  private async loadOrganisations(): Promise<void> {
    try {
      const overview = await listConnections();
      this.listed = overview.connections.map((c) => ({
        tenantId: c.tenantId,
        name: c.name || c.tenantId,
        status: c.status,
      }));
    } catch (err) {
      this.listed = [];
      this.listFailed = true;
      // Without the connections' Apex the organisations show by tenant ID, without an alarm.
      if (!isAccessDenied(err))
        this.organisationsError = formatLabel(LABELS.organisationsError, errorMessage(err));
    }
    this.fillForm();
  }

  /** Once both the saved settings and the organisations are in. */
  private fillForm(): void {
    if (this.saved === undefined || this.listed === undefined) return;
    this.organisations = organisationsOf(this.saved, this.listed, !this.listFailed);
    this.form = formFromSettings(this.saved, this.organisations);
    if (savedInFlatShape(this.saved) && this.hasOrganisations) this.message = LABELS.flatSettings;
  }

  private get record(): SettingsNode | undefined {
    return this.result?.data?.uiapi.query.settings.edges[0]?.node;
  }

  /** The user cannot read or cannot change the settings object (Ledgerbridge User only). */
  get noAccess(): boolean {
    const info = this.settingsObject;
    if (info?.error) return true;
    return info?.data !== undefined && !info.data.updateable && !info.data.createable;
  }

  get loading(): boolean {
    if (this.noAccess) return false;
    return (
      !this.settingsObject?.data ||
      (!this.result?.data && !this.result?.errors?.length) ||
      this.listed === undefined
    );
  }

  get loadError(): string | undefined {
    const errors = this.result?.errors;
    return errors?.length ? formatLabel(LABELS.loadError, errorMessage(errors)) : undefined;
  }

  get savedSummary(): string {
    const node = this.record;
    if (!node) return LABELS.noSettingsSaved;
    return formatLabel(
      LABELS.savedVersion,
      node.version.value ?? 1,
      formatDateTime(node.LastModifiedDate.value),
    );
  }

  get workerStatus(): string {
    const status = this.record?.workerStatus.value;
    return status ? formatLabel(LABELS.worker, status) : '';
  }

  private nameOf = (tenantId: string): string =>
    this.organisations.find((o) => o.tenantId === tenantId)?.name ?? tenantId;

  get errors(): Record<string, string> {
    return errorsByField(this.pathErrors, this.form.organisation, this.nameOf);
  }

  get hasOrganisations(): boolean {
    return Object.keys(this.form.organisations).length > 0;
  }

  private optionsFor(keep: (o: Organisation) => boolean) {
    return this.organisations
      .filter(keep)
      .map((o) => ({ value: o.tenantId, label: formatLabel(NAME_WITH_STATUS[o.status], o.name) }));
  }

  get organisationOptions() {
    return this.optionsFor((o) => o.status !== 'unlisted');
  }

  get defaultOrganisationOptions() {
    return [
      { value: '', label: LABELS.noOrganisationDefault },
      ...this.optionsFor((o) => o.status !== 'unlisted' && o.status !== 'disconnected'),
    ];
  }

  /** The shown organisation's own parts. */
  get own() {
    return this.form.organisations[this.form.organisation];
  }

  get routingHelp(): string {
    return formatLabel(LABELS.routingHelp, this.organisations[0]?.name ?? LABELS.exampleOrganisation);
  }

  /** Stages are picked from the org's own; free text only when the org's list cannot be had. */
  get stagesPicklist(): boolean {
    return this.stages?.data !== undefined;
  }

  get stageRows() {
    const orgStages = this.stages?.data?.values ?? [];
    return INVOICE_STATUSES.map((status) => {
      const value = this.form.stages[status] ?? '';
      return {
        status,
        name: `stage.${status}`,
        label: formatLabel(LABELS.stageFor, status),
        value,
        options: stageOptions(orgStages, value),
      };
    });
  }

  get hasErrors(): boolean {
    return Object.keys(this.pathErrors).length > 0;
  }

  get formError(): string | undefined {
    return this.errors['(settings)'];
  }

  /**
   * Each input shows its own message (the base components' setCustomValidity): after every render,
   * so that fields drawn anew (another organisation, the stage list arriving) show theirs too.
   */
  override renderedCallback(): void {
    const errors = this.errors;
    this.template?.querySelectorAll<HTMLElement & Validatable>('[data-field]').forEach((input) => {
      const message = errors[input.dataset.field ?? ''] ?? '';
      if (input.dataset.shownError === message) return;
      input.dataset.shownError = message;
      input.setCustomValidity(message);
      input.reportValidity();
    });
  }

  handleChange(event: CustomEvent<{ value?: unknown; checked?: boolean }>): void {
    const target = event.target as HTMLElement & { dataset: DOMStringMap; type?: string };
    const field = target.dataset.field ?? '';
    const value = target.type === 'checkbox' ? Boolean(event.detail.checked) : event.detail.value;
    const shown = this.form.organisation;
    const own = this.form.organisations[shown];
    if (field.startsWith('stage.')) {
      this.form = { ...this.form, stages: { ...this.form.stages, [field.slice(6)]: String(value ?? '') } };
    } else if (own && (ORGANISATION_FIELDS as readonly string[]).includes(field)) {
      const organisations = { ...this.form.organisations, [shown]: { ...own, [field]: String(value ?? '') } };
      this.form = { ...this.form, organisations };
    } else {
      this.form = { ...this.form, [field]: Array.isArray(value) ? [...value] : value };
    }
    // Fixing a field clears its messages (picking another organisation keeps them: they follow it).
    if (field !== 'organisation')
      this.pathErrors = Object.fromEntries(
        Object.entries(this.pathErrors).filter(
          ([path, message]) => fieldOfError(path, message, shown, this.nameOf)[0] !== field,
        ),
      );
  }

  async handleSave(): Promise<void> {
    this.message = '';
    const { settings, errors } = settingsFromForm(this.form, this.organisations);
    this.pathErrors = {
      ...validateInstallationSettings(settings),
      ...organisationErrors(settings, this.organisations),
      ...errors,
    };
    if (this.hasErrors) {
      this.message = LABELS.notSavedFix;
      return;
    }
    this.saving = true;
    const node = this.record;
    const json = JSON.stringify(settings);
    try {
      const version = (node?.version.value ?? 0) + 1;
      if (node)
        await updateRecord(
          {
            fields: {
              Id: node.Id,
              [SETTINGS_JSON.fieldApiName]: json,
              [SETTINGS_VERSION.fieldApiName]: version,
            },
          },
          // Another admin's save since this form loaded makes this one fail instead of overwriting it.
          { ifUnmodifiedSince: node.LastModifiedDate.value },
        );
      else
        await createRecord({
          apiName: SETTINGS_OBJECT.objectApiName,
          fields: {
            [SETTINGS_NAME.fieldApiName]: LABELS.settingsRecordName,
            [SETTINGS_KEY.fieldApiName]: 'default',
            [SETTINGS_JSON.fieldApiName]: json,
            [SETTINGS_VERSION.fieldApiName]: 1,
          },
        });
      this.loadedFrom = json;
      this.message = formatLabel(LABELS.savedAs, version);
      this.dispatchEvent(
        new ShowToastEvent({ title: LABELS.savedTitle, message: this.message, variant: 'success' }),
      );
      await this.result?.refresh?.();
    } catch (err) {
      this.message = formatLabel(LABELS.notSaved, errorMessage(err));
    } finally {
      this.saving = false;
    }
  }
}
