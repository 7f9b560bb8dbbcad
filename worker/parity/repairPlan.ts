import type { XeroRecordCategory } from '../../workflows/xero/recordIds';

export type RepairPlan =
  | { kind: 'xero_record'; category: XeroRecordCategory; resourceId: string }
  | { kind: 'crm_deal'; dealId: string }
  | { kind: 'needs_human'; reason: string };

/**
 * How a finding is repaired: by the normal sync of the record it names, never by deleting. Which
 * of two linked records is the right one, or what a link to a vanished record should become, is
 * a person's call.
 */
export function planRepair(finding: {
  kind: string;
  entity: string;
  xero_id: string | null;
  crm_id: string | null;
}): RepairPlan {
  const category: XeroRecordCategory = finding.entity === 'contact' ? 'CONTACT' : 'INVOICE';
  switch (finding.kind) {
    case 'missing_in_crm':
    case 'field_mismatch':
      return finding.xero_id
        ? { kind: 'xero_record', category, resourceId: finding.xero_id }
        : { kind: 'needs_human', reason: 'the finding names no Xero record' };
    case 'missing_in_xero':
      return finding.crm_id
        ? { kind: 'crm_deal', dealId: finding.crm_id }
        : { kind: 'needs_human', reason: 'the finding names no CRM deal' };
    case 'duplicate_link':
      return {
        kind: 'needs_human',
        reason: 'several CRM records link one Xero record: merge or unlink them',
      };
    case 'orphaned_link':
      return {
        kind: 'needs_human',
        reason: 'the linked Xero record does not exist: relink or clear the link',
      };
    default:
      return { kind: 'needs_human', reason: `unknown finding kind ${finding.kind}` };
  }
}
