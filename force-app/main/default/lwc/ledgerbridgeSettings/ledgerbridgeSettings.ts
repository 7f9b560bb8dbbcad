import { LightningElement, wire } from 'lwc';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { errorMessage, formatDateTime } from 'c/ledgerbridgeFormat';
import {
  AMENDMENT_POLICIES,
  INVOICE_STATUSES,
  INVOICE_TYPES,
  validateMappingSettings,
} from 'c/ledgerbridgeSettingsRules';
import { errorsByField, formFromSettings, settingsFromForm, type SettingsForm } from './settingsForm';

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

export default class LedgerbridgeSettings extends LightningElement {
  form: SettingsForm = formFromSettings({});
  errors: Record<string, string> = {};
  saving = false;
  message = '';
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
      this.form = formFromSettings(JSON.parse(json));
    } catch {
      this.form = formFromSettings({});
      this.message = 'The saved settings are not valid JSON; the form shows the defaults.';
    }
  }

  private get record(): SettingsNode | undefined {
    return this.result?.data?.uiapi.query.Ledgerbridge_Settings__c.edges[0]?.node;
  }

  get loading(): boolean {
    return !this.result?.data && !this.result?.errors?.length;
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
    return Object.keys(this.errors).length > 0;
  }

  get formError(): string | undefined {
    return this.errors['(settings)'];
  }

  handleChange(event: CustomEvent<{ value?: unknown; checked?: boolean }>): void {
    const target = event.target as HTMLElement & { dataset: DOMStringMap; type?: string };
    const field = target.dataset.field ?? '';
    const value = target.type === 'checkbox' ? Boolean(event.detail.checked) : event.detail.value;
    if (field.startsWith('stage.')) {
      this.form = { ...this.form, stages: { ...this.form.stages, [field.slice(6)]: String(value ?? '') } };
    } else {
      this.form = { ...this.form, [field]: Array.isArray(value) ? [...value] : value };
    }
    if (this.errors[field]) {
      const { [field]: _fixed, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  async handleSave(): Promise<void> {
    this.message = '';
    const { settings, errors } = settingsFromForm(this.form);
    this.errors = { ...errorsByField(validateMappingSettings(settings)), ...errors };
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
