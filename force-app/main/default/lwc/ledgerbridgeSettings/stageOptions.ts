import { formatLabel } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

/**
 * The choices for one invoice status's stage: none, then the org's stages (by their labels), and
 * a saved stage the org no longer has, marked, so opening the form never silently changes it.
 */
export function stageOptions(
  orgStages: ReadonlyArray<{ label: string; value: string }>,
  saved: string,
): Array<{ label: string; value: string }> {
  const choices = [
    { label: LABELS.noStage, value: '' },
    ...orgStages.map(({ label, value }) => ({ label, value })),
  ];
  if (saved && !orgStages.some((stage) => stage.value === saved))
    choices.push({ label: formatLabel(LABELS.notAStage, saved), value: saved });
  return choices;
}
