import type { CrmVendor } from '../../workflows/domain/crmVendor';
import type { PersonDecision } from '../sync/personLink';
import { canonicalSalesforceId } from './salesforceRecordId';

export type { CrmVendor };

/** Record IDs as each CRM writes them: Salesforce's 15 or 18 characters, HubSpot's and Zoho's digits. */
const CRM_ID: Record<CrmVendor, { pattern: RegExp; example: string }> = {
  salesforce: { pattern: /^[a-zA-Z0-9]{15}[A-Z0-5]{3}$/, example: '001Hs00002abcdeIAA' },
  hubspot: { pattern: /^[1-9][0-9]{0,19}$/, example: '18446744' },
  zoho: { pattern: /^[1-9][0-9]{9,19}$/, example: '5725767000000412001' },
};

export type DecisionCell =
  { ok: true; decision: PersonDecision | undefined } | { ok: false; message: string };

/**
 * What a person wrote in the decision column: blank (leave as it is), `link` (take the suggested
 * record), `link <CRM id>`, `create` or `ignore`. Case and surrounding spaces do not matter;
 * anything else is refused with what would have been accepted.
 */
export function parseDecisionCell(input: {
  decision: string;
  reason: string;
  vendor: CrmVendor;
  status: string;
  /** The record the export suggested or found linked, for a bare `link`. */
  crmId: string;
}): DecisionCell {
  const text = input.decision.trim();
  if (text === '') return { ok: true, decision: undefined };
  if (input.status === 'crm_only')
    return {
      ok: false,
      message: "a CRM record's own row takes no decision: write link <CRM id> on the Xero contact's row",
    };
  const [verb = '', ...rest] = text.split(/\s+/);
  switch (verb.toLowerCase()) {
    case 'link': {
      if (rest.length > 1) return { ok: false, message: `"${text}": link takes one CRM record ID` };
      const crmId = rest[0] ?? (['suggested', 'linked'].includes(input.status) ? input.crmId : '');
      if (!crmId)
        return {
          ok: false,
          message: `a bare "link" needs a suggested record and this row is ${input.status}: write link <CRM id>`,
        };
      const shape = CRM_ID[input.vendor];
      const canonical = input.vendor === 'salesforce' ? canonicalSalesforceId(crmId) : crmId;
      if (!canonical || !shape.pattern.test(canonical))
        return {
          ok: false,
          message: `"${crmId}" is not a ${input.vendor} record ID (such as ${shape.example})`,
        };
      return { ok: true, decision: { kind: 'link', crmId: canonical } };
    }
    case 'create':
      return rest.length === 0
        ? { ok: true, decision: { kind: 'create' } }
        : { ok: false, message: `"${text}": create takes nothing after it` };
    case 'ignore': {
      // "ignore too small to matter" and a reason column both work; the column wins.
      const reason = input.reason.trim() || rest.join(' ');
      return { ok: true, decision: reason ? { kind: 'ignore', reason } : { kind: 'ignore' } };
    }
    default:
      return {
        ok: false,
        message: `"${text}" is not a decision: write link, link <CRM id>, create or ignore (or leave it blank)`,
      };
  }
}
