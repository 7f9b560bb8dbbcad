import type { XeroRecordPlan } from '../../workflows/xero/planXeroRecord';

/**
 * What shadow mode records for a Xero-to-CRM write: the deal exactly as the CRM would be given it
 * (every field), and the account it would be linked to; or the account a contact would become.
 */
export function shadowPlanOf(
  plan: Extract<XeroRecordPlan, { kind: 'upsert_deal' | 'upsert_account' }>,
): object {
  if (plan.kind === 'upsert_deal')
    return {
      kind: plan.kind,
      deal: plan.deal,
      account: plan.contact
        ? { xeroContactId: plan.contact.xeroContactId, name: plan.contact.name }
        : { xeroContactId: plan.invoice.contactId, name: plan.invoice.contactName },
      contactOwner: plan.owner,
    };
  return {
    kind: plan.kind,
    account: {
      xeroContactId: plan.contact.xeroContactId,
      name: plan.contact.name,
      email: plan.contact.email ?? null,
      taxNumber: plan.contact.taxNumber ?? null,
      receivable: plan.contact.receivable ?? null,
    },
    contactOwner: plan.owner,
  };
}
