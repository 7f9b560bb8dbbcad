import type { CrmWriteResult } from '../../sync/crmTarget';
import type { Properties } from './hubspotProperties';

/** The properties whose stored value differs from the wanted one. */
export function diffProperties(
  current: Record<string, string | null> | undefined,
  wanted: Properties,
): CrmWriteResult['changes'] {
  const changes: CrmWriteResult['changes'] = {};
  for (const [name, after] of Object.entries(wanted)) {
    const before = current?.[name] ?? null;
    if (!sameValue(before, after)) changes[name] = { before, after };
  }
  return changes;
}

/** HubSpot returns every value as a string, numbers and dates in its own formatting. */
function sameValue(stored: string | null, wanted: string): boolean {
  if ((stored ?? '') === wanted) return true;
  if (stored === null) return false;
  const a = Number(stored);
  const b = Number(wanted);
  if (stored.trim() !== '' && wanted.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b))
    return Math.abs(a - b) < 0.005;
  const da = Date.parse(stored);
  const db = Date.parse(wanted);
  return /^\d{4}-\d\d-\d\d/.test(wanted) && !Number.isNaN(da) && da === db;
}
