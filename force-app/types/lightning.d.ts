/**
 * Types for the platform modules the Ledgerbridge components import. The platform provides them at
 * run time (and sfdx-lwc-jest stubs them in tests); only the parts used here are declared.
 */
declare module 'lightning/uiRecordApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface FieldValueRepresentation {
    value: unknown;
    displayValue: string | null;
  }
  export interface RecordRepresentation {
    id: string;
    apiName: string;
    fields: Record<string, FieldValueRepresentation | undefined>;
    lastModifiedDate?: string;
  }
  export interface FieldId {
    objectApiName: string;
    fieldApiName: string;
  }
  export const getRecord: WireAdapterConstructor;
  export function getFieldValue(record: RecordRepresentation | undefined, field: FieldId | string): unknown;
  export function createRecord(input: {
    apiName: string;
    fields: Record<string, unknown>;
  }): Promise<RecordRepresentation>;
  export function updateRecord(
    input: { fields: Record<string, unknown> },
    clientOptions?: { ifUnmodifiedSince?: string },
  ): Promise<RecordRepresentation>;
  export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void>;
}

declare module 'lightning/uiRelatedListApi' {
  import type { WireAdapterConstructor } from 'lwc';
  import type { RecordRepresentation } from 'lightning/uiRecordApi';
  export interface RelatedListRecords {
    records: RecordRepresentation[];
    count: number;
  }
  export const getRelatedListRecords: WireAdapterConstructor;
}

declare module 'lightning/graphql' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface GraphQLResult<T> {
    data?: T;
    errors?: unknown[];
    refresh?: () => Promise<void>;
  }
  export const graphql: WireAdapterConstructor;
  export function gql(strings: TemplateStringsArray, ...values: unknown[]): unknown;
}

declare module 'lightning/platformShowToastEvent' {
  export class ShowToastEvent extends CustomEvent<unknown> {
    constructor(init: {
      title: string;
      message?: string;
      variant?: 'info' | 'success' | 'warning' | 'error';
    });
  }
}

declare module '@salesforce/schema/*' {
  const field: { objectApiName: string; fieldApiName: string };
  export default field;
}

declare module '@salesforce/i18n/locale' {
  const locale: string;
  export default locale;
}

declare module '@salesforce/apex/LedgerbridgeResync.requestResync' {
  export default function requestResync(params: { opportunityId: string }): Promise<string>;
}

declare module '@salesforce/apex/LedgerbridgeXeroConnections.listConnections' {
  /** LedgerbridgeXeroConnections.XeroConnection: one Xero organisation of the org's installation. */
  export interface XeroConnection {
    id: string;
    tenantId: string;
    name: string;
    status: 'active' | 'needs_reauth' | 'disconnected';
    problem: string | null;
    lastRefreshAt: string | null;
  }
  export interface XeroConnectionsOverview {
    canManage: boolean;
    connections: XeroConnection[];
  }
  export default function listConnections(): Promise<XeroConnectionsOverview>;
}

declare module '@salesforce/apex/LedgerbridgeXeroConnections.connectUrl' {
  export default function connectUrl(params: {
    reconnectId: string | null;
  }): Promise<{ url: string; expiresAt: string }>;
}

declare module '@salesforce/apex/LedgerbridgeXeroConnections.disconnect' {
  import type { XeroConnectionsOverview } from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
  export default function disconnect(params: { connectionId: string }): Promise<XeroConnectionsOverview>;
}

declare module '@salesforce/apex/LedgerbridgeReceivables.load' {
  /** LedgerbridgeReceivables.Figures: one currency's nightly figures. */
  export interface ReceivablesFigures {
    /** The worker's `currency` (a reserved word in Apex). */
    currencyCode: string;
    current: number;
    days1to30: number;
    days31to60: number;
    days61to90: number;
    over90: number;
    outstanding: number;
    /** null when there were no credit sales in the last 90 days. */
    daysSalesOutstanding: number | null;
  }
  export interface ReceivablesOverview {
    status: 'computed' | 'never_computed';
    asOf: string | null;
    computedAt: string | null;
    overdueInvoices: number | null;
    figures: ReceivablesFigures[];
    message: string | null;
  }
  export default function load(): Promise<ReceivablesOverview>;
}

// Platform modules used by Custom Labels, the Re-sync quick action and the stage picklist.
declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/customPermission/*' {
  /** Whether the user holds the custom permission (undefined when not). */
  const granted: boolean | undefined;
  export default granted;
}

declare module 'lightning/uiObjectInfoApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface ObjectInfo {
    apiName: string;
    createable: boolean;
    updateable: boolean;
    defaultRecordTypeId: string;
  }
  export interface PicklistValue {
    label: string;
    value: string;
  }
  export interface PicklistValues {
    defaultValue: PicklistValue | null;
    values: PicklistValue[];
  }
  export const getObjectInfo: WireAdapterConstructor;
  export const getPicklistValues: WireAdapterConstructor;
}

declare module 'lightning/actions' {
  export class CloseActionScreenEvent extends CustomEvent<unknown> {
    constructor();
  }
}
