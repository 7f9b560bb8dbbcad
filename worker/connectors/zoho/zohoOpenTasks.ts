import { z } from 'zod';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';
import type { ZohoClient } from './zohoClient';
import { coqlLiteral } from './zohoRecordDiff';
import { written } from './zohoWriteOutcomes';

/** Zoho's Tasks: Description is a large multi-line field; What_Id a lookup to several modules. */
const TASKS = 'Tasks';
const DESCRIPTION_CHARS = 32_000;
const SUBJECT_CHARS = 255;
const COMPLETED = 'Completed';

const openTaskRow = z.looseObject({ id: z.string(), Description: z.string().nullish() });

export interface ZohoTaskRequest {
  /** The record the task is about (What_Id) and its module (`$se_module`). */
  recordId: string;
  module: 'Deals' | 'Accounts';
  /** What makes the task one of a kind: hashed with the record into the key on its last line. */
  problem: string;
  subject: string;
  body: string;
  ownerId: string | null;
  /** The task's due date (YYYY-MM-DD). */
  dueDate: string;
}

/**
 * The open Zoho task on the record about this problem: the one made before (found by the problem
 * key in its Description), else a new one, so a retry or the next run adds none.
 */
export async function openZohoTask(client: ZohoClient, task: ZohoTaskRequest): Promise<string> {
  const key = problemKey(task.recordId, task.problem);
  const open = await client.coql(
    `select id, Description from ${TASKS} where (What_Id = ${coqlLiteral(task.recordId)} and Status != '${COMPLETED}') limit 200`,
  );
  const made = open.records
    .map((r) => openTaskRow.parse(r))
    .find((t) => carriesProblemKey(t.Description, key));
  if (made) return made.id;
  const created = written(
    await client.createRecords(TASKS, [
      {
        Subject: task.subject.slice(0, SUBJECT_CHARS),
        Description: withProblemKey(task.body, key, DESCRIPTION_CHARS),
        What_Id: { id: task.recordId },
        $se_module: task.module,
        Status: 'Not Started',
        Priority: 'High',
        Due_Date: task.dueDate,
        ...(task.ownerId ? { Owner: { id: task.ownerId } } : {}),
      },
    ]),
  );
  return created.id;
}
