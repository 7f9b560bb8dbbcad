import type { ConsentOption } from './consentForm';

/**
 * `npm run connect -- xero --organisation <name|id>`: which of the organisations the consent page
 * offers is ticked. By ID, else by name (case and surrounding spaces ignored); a name two
 * organisations share must be given by ID. Without the flag, `ask` (a terminal prompt) is put the
 * numbered list; without either, the choice is refused with the list, so the operator re-runs.
 */
export function organisationChooser(
  wanted: string | undefined,
  ask?: (question: string) => Promise<string>,
): (offered: ConsentOption[]) => Promise<ConsentOption[]> {
  return async (offered) => {
    if (wanted !== undefined) return [pick(offered, wanted)];
    const list = offered.map((o, i) => `  ${i + 1}) ${o.label} (${o.value})`).join('\n');
    if (!ask)
      throw new Error(
        `Xero asks which organisation to connect; run again with --organisation <name|id>, one of:\n${list}`,
      );
    const answer = (
      await ask(`Xero asks which organisation to connect:\n${list}\nNumber, name or ID: `)
    ).trim();
    const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
    const byNumber = offered[index];
    return [byNumber ?? pick(offered, answer)];
  };
}

function pick(offered: ConsentOption[], wanted: string): ConsentOption {
  const byId = offered.find((o) => o.value.toLowerCase() === wanted.trim().toLowerCase());
  if (byId) return byId;
  const byName = offered.filter((o) => o.label.toLowerCase() === wanted.trim().toLowerCase());
  const names = offered.map((o) => `"${o.label}" (${o.value})`).join(', ');
  if (byName.length > 1)
    throw new Error(`several organisations are named "${wanted}": give its ID (${names})`);
  const [only] = byName;
  if (!only) throw new Error(`no organisation "${wanted}" is offered; the consent offers ${names}`);
  return only;
}
