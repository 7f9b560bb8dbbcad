import type { RowDecision } from './validateWorkbook';

export interface PlannedChange {
  row: number;
  kind: 'link' | 'create' | 'ignore' | 'unchanged' | 'conflict';
  text: string;
}

/**
 * What an import would change, from the decisions and Ledgerbridge's stored links of each pair:
 * shown before anything is applied (and all that a dry run does). A conflict here is refused
 * again at apply time by applyPersonDecision, which reads the links afresh.
 */
export function planAlignment(
  decisions: readonly RowDecision[],
  linksOf: (d: RowDecision) => ReadonlyMap<string, string> | undefined,
): PlannedChange[] {
  return decisions.map((d): PlannedChange => {
    const links = linksOf(d) ?? new Map<string, string>();
    const current = links.get(d.xeroContactId);
    const who = `"${d.xeroName}" (${d.xeroContactId})`;
    const change = (kind: PlannedChange['kind'], text: string) => ({ row: d.row, kind, text });
    switch (d.decision.kind) {
      case 'link': {
        const crmId = d.decision.crmId;
        if (current === crmId) return change('unchanged', `${who} is already linked to ${crmId}`);
        if (current) return change('conflict', `${who} is linked to ${current}, not ${crmId}: refused`);
        const holder = [...links].find(([, id]) => id === crmId)?.[0];
        if (holder) return change('conflict', `${crmId} is linked to Xero contact ${holder}: refused`);
        return change('link', `link ${who} to CRM record ${crmId}`);
      }
      case 'create':
        return current
          ? change('unchanged', `${who} is already linked to ${current}: nothing created`)
          : change('create', `create a CRM record for ${who}, linked`);
      case 'ignore':
        return current
          ? change('conflict', `${who} is linked to ${current} and cannot be ignored: refused`)
          : change('ignore', `ignore ${who}${d.decision.reason ? ` (${d.decision.reason})` : ''}`);
    }
  });
}
