import type { CrmWriteResult } from '../../sync/crmTarget';
import type { Fields } from './salesforceFields';

/** Fields whose stored value differs from the wanted one (numbers and dates compared as Salesforce returns them). */
export function diffFields(
  existing: Record<string, unknown> | undefined,
  wanted: Fields,
): CrmWriteResult['changes'] {
  const changes: CrmWriteResult['changes'] = {};
  for (const [name, after] of Object.entries(wanted)) {
    const before = existing?.[name] ?? null;
    if (!sameValue(before, after)) changes[name] = { before, after };
  }
  return changes;
}

function sameValue(stored: unknown, wanted: unknown): boolean {
  if (stored === wanted) return true;
  if (typeof wanted === 'number' && typeof stored === 'number') return Math.abs(stored - wanted) < 0.005;
  // DateTime fields come back as 2026-11-01T10:00:00.000+0000.
  if (typeof wanted === 'string' && typeof stored === 'string' && /T\d\d:/.test(wanted))
    return Date.parse(stored.replace(/\+0000$/, 'Z')) === Date.parse(wanted);
  return false;
}
