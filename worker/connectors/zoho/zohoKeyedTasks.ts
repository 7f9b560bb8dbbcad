import { z } from 'zod';
import type { CrmTaskRequest } from '../../payments/crmPaymentsPort';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import { coqlLiteral } from './zohoRecordDiff';
import { ACCOUNT, DEAL, TASK } from './zohoSchema';
import { parseAnswer } from './zohoSchemas';
import { written } from './zohoWriteOutcomes';

/** Tasks.Description is a multi-line field of 32,000 characters. */
const DESCRIPTION_CHARS = 32_000;
const SUBJECT_CHARS = 255;
/** COQL's page and the most one query reaches. */
const PAGE = 200;
const MAX_OFFSET = 2_000;
const COMPLETED = 'Completed';

const taskRow = z.looseObject({ id: z.string(), Description: z.string().nullish() });
const ownerRow = z.looseObject({ Owner: z.looseObject({ id: z.string() }).nullish() });

export interface ZohoTaskOutcome {
  taskId: string;
  created: boolean;
}

/** Calls of this process making a task, by problem key: a second caller waits for the first. */
const inFlight = new Map<string, Promise<ZohoTaskOutcome>>();

/**
 * An open Zoho task on a deal or account, made once per key: the key's hash is the Description's
 * last line (worker/sync/crmTaskKeys.ts) and the record's open tasks are read by COQL before one is
 * made. Zoho's upsert does not take Tasks, so no unique field can hold two racing creates to one:
 * within a process the second call waits for the first; across processes each creator reads again
 * after its create and, when an earlier open task carries the key, completes its own (one stays open).
 */
export function openKeyedZohoTask(
  client: ZohoClient,
  recordId: string,
  task: CrmTaskRequest,
): Promise<ZohoTaskOutcome> {
  const key = problemKey(recordId, task.key);
  const running = inFlight.get(key);
  if (running) return running.then((made) => ({ taskId: made.taskId, created: false }));
  const opening = openOnce(client, recordId, task, key).finally(() => inFlight.delete(key));
  inFlight.set(key, opening);
  return opening;
}

async function openOnce(
  client: ZohoClient,
  recordId: string,
  task: CrmTaskRequest,
  key: string,
): Promise<ZohoTaskOutcome> {
  const [found] = await openTasksWithKey(client, recordId, key);
  if (found) return { taskId: found, created: false };
  const record = await relatedRecord(client, recordId);
  const ownerId = task.ownerId ?? record.ownerId;
  const made = written(
    await client.createRecords(TASK.module, [
      {
        [TASK.subject]: task.subject.slice(0, SUBJECT_CHARS),
        [TASK.description]: withProblemKey(task.body, key, DESCRIPTION_CHARS),
        [TASK.dueDate]: task.dueDate,
        [TASK.priority]: task.priority === 'high' ? 'High' : 'Normal',
        [TASK.status]: 'Not Started',
        // A multi-module lookup: the record's id and, beside it, its module.
        [TASK.what]: { id: recordId },
        $se_module: record.module,
        ...(ownerId ? { [TASK.owner]: { id: ownerId } } : {}),
      },
    ]),
  );
  const [first] = await openTasksWithKey(client, recordId, key);
  if (first && first !== made.id) {
    // Another process made the key's task first: ours is the double, closed at once.
    written(await client.updateRecords(TASK.module, [{ id: made.id, [TASK.status]: COMPLETED }]));
    return { taskId: first, created: false };
  }
  return { taskId: made.id, created: true };
}

/** The record's open tasks carrying the key, oldest first (Zoho's ids grow with time). */
async function openTasksWithKey(client: ZohoClient, recordId: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < MAX_OFFSET; offset += PAGE) {
    const page = await client.coql(
      `select id, ${TASK.description} from ${TASK.module} where (${TASK.what} = ${coqlLiteral(recordId)} ` +
        `and ${TASK.status} != '${COMPLETED}') order by id asc limit ${PAGE} offset ${offset}`,
    );
    for (const raw of page.records) {
      const row = parseAnswer(taskRow, raw, 'an open task');
      if (carriesProblemKey(row.Description, key)) ids.push(row.id);
    }
    if (!page.moreRecords) break;
  }
  return ids.sort(byId);
}

function byId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the id is a deal's or an account's (Zoho's ids do not say), and its owner. */
async function relatedRecord(
  client: ZohoClient,
  recordId: string,
): Promise<{ module: string; ownerId: string | null }> {
  for (const module of [DEAL.module, ACCOUNT.module]) {
    const record = await client.getRecord(module, recordId, [TASK.owner]);
    if (record)
      return { module, ownerId: parseAnswer(ownerRow, record, `${module} owner`).Owner?.id ?? null };
  }
  throw new VendorError('notFound', 'zoho', `no deal or account ${recordId}`);
}
