import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { ReviewDesk } from '../../reviews/reviewDesk';
import type { AuditSheetEnv } from './auditSheet';

/** What every ops command works with; the CLI opens them, tests pass their own. */
export interface OpsContext {
  /** Opened on first use: not every command needs Temporal or the store. */
  client(): Promise<Client>;
  db(): Promise<Kysely<Database>>;
  taskQueue: string;
  /** Where the command's output goes (stdout in the CLI). */
  write(text: string): void;
  /** The contact review queue with the CRM adapters (reviews, resolve); opened on first use. */
  reviewDesk?(): Promise<ReviewDesk>;
  /** The keyring and Sheets mode (audit-sheet); opened on first use. */
  auditSheetEnv?(): Promise<AuditSheetEnv>;
}

/** Running workflows needing a person, and ones that failed outright, newest first. */
export const WAITING_QUERY = 'ExecutionStatus = "Running" AND SyncOutcome = "waiting_for_human"';
export const FAILED_QUERY = 'ExecutionStatus = "Failed"';

/** The ID of the installation an ops command names by its slug; an error naming it when there is none. */
export async function installationIdOf(ctx: Pick<OpsContext, 'db'>, slug: string): Promise<string> {
  const db = await ctx.db();
  const row = await db.selectFrom('installations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new Error(`no installation "${slug}"`);
  return row.id;
}
