import type { ParityFindingView, ParityRunSummary } from '../generated/syncHealth';

const KIND_LABELS: Record<string, string> = {
  missing_in_crm: 'Missing in HubSpot',
  missing_in_xero: 'Missing in Xero',
  orphaned_link: 'Link to a missing record',
  duplicate_link: 'Linked twice',
  field_mismatch: 'Values differ',
  shadow_mismatch: 'Cutover: differs from plan',
  shadow_no_counterpart: 'Cutover: not written',
};

/** A finding kind as a portal admin reads it; a kind this page does not know yet shows as is. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** The record a finding is about: Xero's name for it, else either side's ID, with the field. */
export function findingRecord(finding: ParityFindingView): string {
  const record = finding.xeroLabel ?? finding.xeroId ?? (finding.crmId ? `HubSpot ${finding.crmId}` : '—');
  return finding.field ? `${record} · ${finding.field}` : record;
}

/** Findings against the run before (runs are newest first): the trend the runs table shows. */
export function findingsChange(runs: ParityRunSummary[], index: number): number | undefined {
  const run = runs[index];
  const before = runs[index + 1];
  return run && before ? run.findings - before.findings : undefined;
}

export function changeText(change: number | undefined): string {
  if (change === undefined) return '—';
  if (change === 0) return 'no change';
  return change > 0 ? `▲ ${change} more` : `▼ ${-change} fewer`;
}

/** "12 Values differ, 1 Missing in HubSpot", largest first; "none" for a clean run. */
export function byKindText(byKind: Record<string, number>): string {
  const parts = Object.entries(byKind)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${n} ${kindLabel(kind)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** A cutover run's agreement per flow: "Xero → HubSpot 9/10 agree". */
export function agreementText(agreement: ParityRunSummary['agreement']): string | undefined {
  if (!agreement) return undefined;
  const flows: Record<string, string> = { xero_to_crm: 'Xero → HubSpot', crm_to_xero: 'HubSpot → Xero' };
  return Object.entries(agreement)
    .map(([flow, t]) => `${flows[flow] ?? flow} ${t.agreeing}/${t.plans} agree`)
    .join('; ');
}
