import type { Client } from '@hubspot/api-client';

/** A batch read takes at most 100 IDs. */
const BATCH = 100;

/**
 * Of these task IDs, the tasks not completed yet with their bodies (where Ledgerbridge writes a
 * task's problem key, worker/sync/crmTaskKeys.ts): how a retry finds the task it made before.
 */
export async function openHubspotTasks(
  call: <T>(fn: (client: Client) => Promise<T>) => Promise<T>,
  ids: readonly string[],
): Promise<Array<{ id: string; body: string | null }>> {
  const tasks = [];
  for (let at = 0; at < ids.length; at += BATCH) {
    const batch = await call((client) =>
      client.crm.objects.tasks.batchApi.read({
        inputs: ids.slice(at, at + BATCH).map((id) => ({ id })),
        properties: ['hs_task_body', 'hs_task_status'],
        propertiesWithHistory: [],
      }),
    );
    tasks.push(...batch.results);
  }
  return tasks
    .filter((t) => t.properties.hs_task_status !== 'COMPLETED')
    .map((t) => ({ id: t.id, body: t.properties.hs_task_body ?? null }));
}
