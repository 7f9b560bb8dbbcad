import type { AlignmentExport } from './exportAlignment';
import type { AlignmentImport } from './importAlignment';

/** What `align export` prints once the workbook is written. */
export function exportSummary(out: string, result: AlignmentExport): string {
  const c = result.counts;
  return [
    `Wrote ${out}: ${c.xeroContacts} Xero contacts, ${c.crmAccounts} CRM records.`,
    `  ${c.linked} linked, ${c.suggested} suggested, ${c.ambiguous} ambiguous (for a person), ${c.no_match} without a match, ${c.crm_only} CRM records unpaired.`,
    `Fill the decision column (link, link <CRM id>, create, ignore), then: npm run align -- import ${out} --dry-run`,
  ].join('\n');
}

/** What `align import` prints: the errors, or the plan and (unless a dry run) what was applied. */
export function importSummary(result: AlignmentImport, dryRun: boolean): string {
  if (result.errors.length > 0)
    return [
      `${result.errors.length} error(s); nothing was applied:`,
      ...result.errors.map((e) => `  row ${e.row}, column ${e.column}: ${e.message}`),
    ].join('\n');
  const lines: string[] = [];
  const count = (kind: string) => result.plan.filter((p) => p.kind === kind).length;
  for (const p of result.plan) if (p.kind !== 'unchanged') lines.push(`  row ${p.row}: ${p.text}`);
  lines.unshift(
    `${result.installation}: ${result.plan.length} decision(s): ${count('link')} link, ${count('create')} create, ${count('ignore')} ignore, ${count('unchanged')} already so, ${count('conflict')} conflict`,
  );
  if (dryRun || !result.applied) return [...lines, 'Dry run: nothing was applied.'].join('\n');
  const o = result.applied.outcomes;
  lines.push(
    `Applied: ${o.linked} linked, ${o.created} created, ${o.ignored} ignored, ${o.unchanged} unchanged, ${result.applied.failed.length} failed.`,
    ...result.applied.failed.map((f) => `  row ${f.row}: ${f.message}`),
  );
  return lines.join('\n');
}
