import { LightningElement, wire } from 'lwc';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import { errorMessage, formatDateTime } from 'c/ledgerbridgeFormat';
import {
  AMENDMENT_POLICIES,
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

interface SettingsNode {
  Id: string;
  Settings_JSON__c: { value: string | null };
  Version__c: { value: number | null };
  Worker_Status__c: { value: string | null };
  LastModifiedDate: { value: string };
}
type SettingsQuery = {
  uiapi: { query: { Ledgerbridge_Settings__c: { edges: Array<{ node: SettingsNode }> } } };
};

const options = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

const STATUS_SUFFIX: Record<Organisation['status'], string> = {
  active: '',
  needs_reauth: ' (needs reconnecting)',
  disconnected: ' (disconnected)',
  unlisted: ' (not connected)',
  unchecked: '',
};

export default class LedgerbridgeSettings extends LightningElement {
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

  contactOwnerOptions = options(['xero', 'crm'], {
    xero: 'Xero (Salesforce keeps the link only)',
    crm: 'Salesforce (Xero keeps the link only)',
  });
  typeOptions = options(INVOICE_TYPES, { ACCREC: 'Sales invoices (ACCREC)', ACCPAY: 'Bills (ACCPAY)' });
  statusOptions = options(INVOICE_STATUSES);
  createAsOptions = options(['AUTHORISED', 'DRAFT'], {
    AUTHORISED: 'Authorised (sent, with an online link)',
    DRAFT: 'Draft (finance reviews first)',
  });
  amendmentOptions = options(AMENDMENT_POLICIES, {
    update_draft_else_flag: 'Update drafts; flag authorised invoices for finance',
    update_draft_else_credit_note: 'Update drafts; credit and reissue authorised invoices',
  });

  @wire(graphql, {
    query: gql`
      query ledgerbridgeSettings {
        uiapi {
          query {
            Ledgerbridge_Settings__c(where: { Settings_Key__c: { eq: "default" } }, first: 1) {
              edges {
                node {
                  Id
                  Settings_JSON__c {
                    value
                  }
                  Version__c {
                    value
                  }
                  Worker_Status__c {
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
    const json = node?.Settings_JSON__c.value ?? '{}';
    if (!result.data || json === this.loadedFrom) return;
    this.loadedFrom = json;
    try {
      this.saved = JSON.parse(json);
    } catch {
      this.saved = {};
      this.message = 'The saved settings are not valid JSON; the form shows the defaults.';
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
      this.organisationsError = `The Xero organisations could not be loaded (${errorMessage(err)}): organisations show by tenant ID.`;
    }
    this.fillForm();
  }

  /** Once both the saved settings and the organisations are in. */
  private fillForm(): void {
    if (this.saved === undefined || this.listed === undefined) return;
    this.organisations = organisationsOf(this.saved, this.listed, !this.listFailed);
    this.form = formFromSettings(this.saved, this.organisations);
    if (savedInFlatShape(this.saved) && this.hasOrganisations)
      this.message =
        'These settings were saved before each Xero organisation had its own account codes, tax rates and tracking: they now show under each organisation. Save to keep them.';
  }

  private get record(): SettingsNode | undefined {
    return this.result?.data?.uiapi.query.Ledgerbridge_Settings__c.edges[0]?.node;
  }

  get loading(): boolean {
    return (!this.result?.data && !this.result?.errors?.length) || this.listed === undefined;
  }

  get loadError(): string | undefined {
    const errors = this.result?.errors;
    return errors?.length ? `The settings could not be loaded: ${errorMessage(errors)}` : undefined;
  }

  get savedSummary(): string {
    const node = this.record;
    if (!node) return 'No settings saved yet: the worker applies its defaults.';
    return `Version ${node.Version__c.value ?? 1}, saved ${formatDateTime(node.LastModifiedDate.value)}.`;
  }

  get workerStatus(): string {
    return this.record?.Worker_Status__c.value ?? '';
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
      .map((o) => ({ value: o.tenantId, label: o.name + STATUS_SUFFIX[o.status] }));
  }

  get organisationOptions() {
    return this.optionsFor((o) => o.status !== 'unlisted');
  }

  get defaultOrganisationOptions() {
    return [
      { value: '', label: 'No organisation: the opportunity waits for an admin' },
      ...this.optionsFor((o) => o.status !== 'unlisted' && o.status !== 'disconnected'),
    ];
  }

  /** The shown organisation's own parts. */
  get own() {
    return this.form.organisations[this.form.organisation];
  }

  get routingHelp(): string {
    const name = this.organisations[0]?.name ?? 'Acme Pty (AU)';
    return `One rule per line, the first that matches wins: currency AUD => ${name}, or Business_Unit__c = APAC => ${name}`;
  }

  get stageRows() {
    return INVOICE_STATUSES.map((status) => ({
      status,
      name: `stage.${status}`,
      label: `Stage for ${status} invoices`,
      value: this.form.stages[status] ?? '',
      error: this.errors[`stage.${status}`],
    }));
  }

  get hasErrors(): boolean {
    return Object.keys(this.pathErrors).length > 0;
  }

  get formError(): string | undefined {
    return this.errors['(settings)'];
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
      this.message = 'Not saved: fix the fields marked below.';
      return;
    }
    this.saving = true;
    const node = this.record;
    const json = JSON.stringify(settings);
    try {
      const version = (node?.Version__c.value ?? 0) + 1;
      if (node)
        await updateRecord(
          { fields: { Id: node.Id, Settings_JSON__c: json, Version__c: version } },
          // Another admin's save since this form loaded makes this one fail instead of overwriting it.
          { ifUnmodifiedSince: node.LastModifiedDate.value },
        );
      else
        await createRecord({
          apiName: 'Ledgerbridge_Settings__c',
          fields: {
            Name: 'Ledgerbridge settings',
            Settings_Key__c: 'default',
            Settings_JSON__c: json,
            Version__c: 1,
          },
        });
      this.loadedFrom = json;
      this.message = `Saved as version ${version}. The worker applies them at its next poll.`;
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Settings saved', message: this.message, variant: 'success' }),
      );
      await this.result?.refresh?.();
    } catch (err) {
      this.message = `Not saved: ${errorMessage(err)}`;
    } finally {
      this.saving = false;
    }
  }
}
