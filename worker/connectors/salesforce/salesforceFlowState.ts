import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import { soqlString } from './soql';

/** The package's record-triggered flow that sends Closed Won notices. */
export const CLOSED_WON_FLOW_API_NAME = 'Ledgerbridge_Opportunity_Closed_Won';

export const FLOW_INACTIVE_MESSAGE =
  'Flow inactive — only the poll finds won deals. Activate "Ledgerbridge: Opportunity Closed Won" in Setup › Flows.';

export type FlowState = 'active' | 'inactive' | 'unknown';

const row = z.object({ ApiName: z.string(), IsActive: z.boolean(), ActiveVersionId: z.string().nullable() });

/**
 * Whether the Closed Won flow is active. Record-triggered flows deploy inactive to production-type
 * orgs (Developer Edition too), and then only the worker's poll finds won deals, minutes later.
 * FlowDefinitionView is in the REST query API; a user who may not read it gets "unknown".
 */
export async function closedWonFlowState(
  call: <T>(fn: (conn: JsforceConnection) => Promise<T>) => Promise<T>,
  namespace: string | undefined,
): Promise<FlowState> {
  const inNamespace = namespace ? ` AND NamespacePrefix = ${soqlString(namespace)}` : '';
  try {
    const rows: unknown[] = await call((conn) =>
      conn
        .query(
          `SELECT ApiName, IsActive, ActiveVersionId FROM FlowDefinitionView WHERE ApiName = ${soqlString(CLOSED_WON_FLOW_API_NAME)}${inNamespace}`,
        )
        .then((r) => r.records),
    );
    const flow = rows[0] ? row.parse(rows[0]) : undefined;
    if (!flow) return 'inactive';
    return flow.IsActive && flow.ActiveVersionId ? 'active' : 'inactive';
  } catch {
    return 'unknown';
  }
}
