/**
 * Types for the platform modules the components started to use with Custom Labels, the Re-sync
 * quick action and the stage picklist; they belong beside the others in force-app/types/lightning.d.ts.
 * Declaration files are neither compiled by scripts/build-lwc.mjs nor deployed (.forceignore).
 */
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
