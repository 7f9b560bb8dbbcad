import {
  Flex,
  Heading,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  TextArea,
  Toggle,
} from '@hubspot/ui-extensions';
import type { RemoteState } from '../../cards/lib/remoteState';
import type { DealPipeline } from '../generated/dealPipelines';
import type { SettingsOrganisation } from '../generated/settingsPage';
import { INVOICE_STATUSES, type OrganisationDraft, type SettingsDraft } from '../lib/settingsDraft';
import { DealStageFields } from './DealStageFields';
import { PaymentSettingsFields } from './PaymentSettingsFields';
import { DeliverySettingsFields } from './DeliverySettingsFields';

export interface SettingsFieldsProps {
  draft: SettingsDraft;
  organisations: SettingsOrganisation[];
  errors: Record<string, string>;
  onChange: (draft: SettingsDraft) => void;
  /** HubSpot's deal pipelines, whose stages each invoice status can move a deal to. */
  pipelines: { state: RemoteState<DealPipeline[]>; reload: () => void };
}

const statusOptions = INVOICE_STATUSES.map((s) => ({ label: s, value: s }));

/** The mapping settings' inputs, each showing its own validation message. */
export function SettingsFields({ draft, organisations, errors, onChange, pipelines }: SettingsFieldsProps) {
  const set =
    <K extends keyof SettingsDraft>(key: K) =>
    (value: SettingsDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const invalid = (field: string) => ({ error: field in errors, validationMessage: errors[field] ?? '' });
  const own = draft.organisations[draft.organisation];
  const setOwn =
    <K extends keyof OrganisationDraft>(key: K) =>
    (value: OrganisationDraft[K]) =>
      own &&
      onChange({
        ...draft,
        organisations: { ...draft.organisations, [draft.organisation]: { ...own, [key]: value } },
      });
  const organisationOptions = organisations.map((o) => ({
    label: o.connected ? o.name : `${o.name} (disconnected)`,
    value: o.xeroTenantId,
  }));
  return (
    <Flex direction="column" gap="md">
      <Heading>Which Xero invoices reach HubSpot</Heading>
      <MultiSelect
        label="Invoice types"
        name="invoiceTypes"
        value={draft.invoiceTypes}
        options={[
          { label: 'Sales invoices (ACCREC)', value: 'ACCREC' },
          { label: 'Bills (ACCPAY)', value: 'ACCPAY' },
        ]}
        onChange={(v) => set('invoiceTypes')(v.map(String))}
        {...invalid('invoiceTypes')}
      />
      <MultiSelect
        label="Invoice statuses"
        name="invoiceStatuses"
        value={draft.invoiceStatuses}
        options={statusOptions}
        onChange={(v) => set('invoiceStatuses')(v.map(String))}
        {...invalid('invoiceStatuses')}
      />
      <NumberInput
        label="Minimum amount"
        name="minAmount"
        value={draft.minAmount}
        onChange={set('minAmount')}
        {...invalid('minAmount')}
      />
      <Input
        label="Xero contact groups (comma separated; empty: any contact)"
        name="contactGroups"
        value={draft.contactGroups}
        onChange={set('contactGroups')}
        {...invalid('contactGroups')}
      />
      <Heading>Deal stage for each invoice status</Heading>
      <DealStageFields
        stages={draft.stages}
        pipelines={pipelines}
        errors={errors}
        onChange={(stages) => onChange({ ...draft, stages })}
      />
      <Heading>Invoices made from won deals</Heading>
      <Select
        label="Create invoices as"
        name="createInvoiceAs"
        value={draft.createInvoiceAs}
        options={[
          { label: 'Approved (AUTHORISED), with an online link', value: 'AUTHORISED' },
          { label: 'Draft, for finance to review', value: 'DRAFT' },
        ]}
        onChange={(v) => set('createInvoiceAs')(v === 'DRAFT' ? 'DRAFT' : 'AUTHORISED')}
      />
      <NumberInput
        label="Payment terms (days)"
        name="paymentTermsDays"
        value={draft.paymentTermsDays}
        onChange={set('paymentTermsDays')}
        {...invalid('paymentTermsDays')}
      />
      <Input
        label="Allowed currencies (comma separated; empty: any enabled in Xero)"
        name="allowedCurrencies"
        value={draft.allowedCurrencies}
        onChange={set('allowedCurrencies')}
        {...invalid('allowedCurrencies')}
      />
      <TextArea
        label="CRM currency → Xero currency (one CRM=XERO per line)"
        name="currencyMap"
        value={draft.currencyMap}
        onChange={set('currencyMap')}
        {...invalid('currencyMap')}
      />
      <Select
        label="When a won deal changes after invoicing"
        name="amendmentPolicy"
        value={draft.amendmentPolicy}
        options={[
          { label: 'Update a draft; flag an approved invoice for finance', value: 'update_draft_else_flag' },
          {
            label: 'Update a draft; credit and reissue an approved invoice',
            value: 'update_draft_else_credit_note',
          },
        ]}
        onChange={(v) =>
          set('amendmentPolicy')(
            v === 'update_draft_else_credit_note'
              ? 'update_draft_else_credit_note'
              : 'update_draft_else_flag',
          )
        }
      />
      <Toggle
        label="Discounts need approval"
        name="requireDiscountApproval"
        checked={draft.requireDiscountApproval}
        onChange={set('requireDiscountApproval')}
      />
      <Heading>Each Xero organisation's accounts and tax rates</Heading>
      <Select
        label="Xero organisation"
        name="organisation"
        value={draft.organisation}
        options={organisationOptions}
        onChange={(v) => onChange({ ...draft, organisation: String(v) })}
        {...invalid('organisation')}
      />
      {own && (
        <>
          <Input
            label="Default sales account code"
            name="defaultAccountCode"
            value={own.defaultAccountCode}
            onChange={setOwn('defaultAccountCode')}
            {...invalid('defaultAccountCode')}
          />
          <TextArea
            label="Tax codes (one CRM CODE=XERO TAX TYPE per line)"
            name="taxRates"
            value={own.taxRates}
            onChange={setOwn('taxRates')}
            {...invalid('taxRates')}
          />
          <TextArea
            label="Products (one SKU=ACCOUNT or SKU=ACCOUNT:ITEM per line)"
            name="items"
            value={own.items}
            onChange={setOwn('items')}
            {...invalid('items')}
          />
        </>
      )}
      <Heading>Which organisation invoices a won deal</Heading>
      <TextArea
        label="Routing rules, first match wins (one per line: currency AUD => Xero AU, or business_unit = APAC => Xero AU)"
        name="routingRules"
        value={draft.routingRules}
        onChange={set('routingRules')}
        {...invalid('routingRules')}
      />
      <Select
        label="Deals no rule matches go to"
        name="defaultOrganisation"
        value={draft.defaultOrganisation}
        options={[
          { label: 'No organisation: the deal waits for an admin', value: '' },
          ...organisationOptions,
        ]}
        onChange={(v) => set('defaultOrganisation')(String(v ?? ''))}
        {...invalid('defaultOrganisation')}
      />
      <Heading>Contacts, payments and dry runs</Heading>
      <Select
        label="Contact details are owned by"
        name="contactOwner"
        value={draft.contactOwner}
        options={[
          { label: 'Xero', value: 'xero' },
          { label: 'HubSpot', value: 'crm' },
        ]}
        onChange={(v) => set('contactOwner')(v === 'crm' ? 'crm' : 'xero')}
      />
      <NumberInput
        label="Xero payments reversed or deleted on an invoice before the deal owner gets a task (not Stripe attempts)"
        name="paymentFailureTaskThreshold"
        value={draft.paymentFailureTaskThreshold}
        onChange={set('paymentFailureTaskThreshold')}
        {...invalid('paymentFailureTaskThreshold')}
      />
      <Toggle
        label="Dry run: Xero → HubSpot"
        name="shadowXeroToCrm"
        checked={draft.shadowXeroToCrm}
        onChange={set('shadowXeroToCrm')}
      />
      <Toggle
        label="Dry run: HubSpot → Xero"
        name="shadowCrmToXero"
        checked={draft.shadowCrmToXero}
        onChange={set('shadowCrmToXero')}
      />
      <PaymentSettingsFields payments={draft.payments} errors={errors} onChange={set('payments')} />
      <DeliverySettingsFields delivery={draft.delivery} errors={errors} onChange={set('delivery')} />
    </Flex>
  );
}
