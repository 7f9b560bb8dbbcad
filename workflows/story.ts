import { defineQuery, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { searchAttributePairs, type RecordSearchAttributes } from './searchAttributes';

/**
 * Every Ledgerbridge workflow answers `story`: where it is and what happened, in a sentence or two,
 * for ops reading the Temporal UI's Queries tab or `npm run ops`. The same text is kept in the memo
 * `story` (shown, decoded by the codec server, on the workflow's page) at each turn of events.
 */
export const storyQuery = defineQuery<string>('story');

/**
 * Publishes a turn of events: the memo's story and the search attributes that changed with it.
 * What already holds is not sent again (each upsert is a command and a visibility write on the
 * server, and a record that syncs every few seconds keeps most of them unchanged).
 */
export function publish(story: string, attributes?: RecordSearchAttributes): void {
  const info = workflowInfo();
  if (info.memo?.story !== story) upsertMemo({ story });
  if (!attributes) return;
  const changed = searchAttributePairs(attributes).filter(
    (pair) => JSON.stringify(info.typedSearchAttributes.get(pair.key)) !== JSON.stringify(pair.value),
  );
  if (changed.length > 0) upsertSearchAttributes(changed);
}

/** The message of an activity failure's cause (what the vendor or connector said), else the error's. */
export function failureMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = 'cause' in err ? err.cause : undefined;
  return cause instanceof Error ? cause.message : err.message;
}

/**
 * The failure's type name (VendorValidationError, …) when it carries one: on the activity failure's
 * cause, or on the failure itself (a local activity's non-retryable failure arrives unwrapped).
 */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof Error && 'cause' in err ? err.cause : undefined;
  for (const candidate of [cause, err])
    if (
      candidate &&
      typeof candidate === 'object' &&
      'type' in candidate &&
      typeof candidate.type === 'string'
    )
      return candidate.type;
  return undefined;
}
