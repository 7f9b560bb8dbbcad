import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

export type ShadowFlow = 'xero_to_crm' | 'crm_to_xero';

export interface ShadowPlan {
  flow: ShadowFlow;
  xeroTenantId: string;
  /** Where the write would have gone: `salesforce:<connectionId>`, `hubspot:<connectionId>` or `xero`. */
  target: string;
  /** The record it is about: the Xero invoice / contact ID, or `<crm>:<account>:<dealId>`. */
  recordKey: string;
  plan: object;
  workflowId: string;
}

/**
 * Shadow (dry-run) mode's record: every write a flow would have made, kept instead of made, so a
 * cutover report can hold it against what the customer's old process actually wrote.
 */
export class ShadowPlans {
  constructor(private readonly db: Kysely<Database>) {}

  async record(plan: ShadowPlan): Promise<void> {
    await this.recordMany([plan]);
  }

  async recordMany(plans: ShadowPlan[]): Promise<void> {
    for (let i = 0; i < plans.length; i += 1_000) {
      await this.db
        .insertInto('shadow_plans')
        .values(
          plans.slice(i, i + 1_000).map((plan) => ({
            flow: plan.flow,
            xero_tenant_id: plan.xeroTenantId,
            target: plan.target,
            record_key: plan.recordKey,
            plan: JSON.stringify(plan.plan),
            workflow_id: plan.workflowId,
          })),
        )
        .execute();
    }
  }

  /** The newest plan per record and target of a flow, in record order, a page at a time. */
  async latest(flow: ShadowFlow, after: { target: string; recordKey: string } | undefined, limit: number) {
    let query = this.db
      .selectFrom('shadow_plans')
      .distinctOn(['target', 'record_key'])
      .select(['target', 'record_key', 'plan', 'planned_at', 'workflow_id'])
      .where('flow', '=', flow);
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('target', '>', after.target),
          eb.and([eb('target', '=', after.target), eb('record_key', '>', after.recordKey)]),
        ]),
      );
    return query.orderBy('target').orderBy('record_key').orderBy('planned_at', 'desc').limit(limit).execute();
  }
}
