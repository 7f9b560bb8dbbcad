import type { Client } from '@temporalio/client';
import { activityDepsFrom, type ActivityDeps } from '../../activities';
import type { Config } from '../../config';
import { buildConnectionServices } from '../../connections/services';
import { holdingDispatchers } from '../../installations/heldEvents';
import { installationOfAccount } from '../../installations/installationOfAccount';
import { createLogger } from '../../logger';
import type { ReviewDesk } from '../../reviews/reviewDesk';
import { reviewDeskFrom } from '../../reviews/reviewDeskFrom';
import type { Store } from '../../store/store';
import { crmDealDispatcher } from '../../webhooks/crmDealDispatcher';
import { xeroEventDispatcher } from '../../webhooks/xeroEventDispatcher';

/**
 * The review desk for `ops reviews` / `ops resolve`, built like the worker's: the CRM adapters of
 * the activities and the webhook path's (holding) Xero hand-over. Temporal is reached only when a
 * decision needs the adapters or a resume, so listing works with the store alone.
 */
export async function opsReviewDesk(
  config: Config,
  store: Store,
  client: () => Promise<Client>,
): Promise<ReviewDesk> {
  const services = await buildConnectionServices(config, store, createLogger('warn'));
  const taskQueue = config.temporal.taskQueue;
  let activityDeps: Promise<ActivityDeps> | undefined;
  const deps = () =>
    (activityDeps ??= client().then((c) =>
      activityDepsFrom(store, services, config, { client: c, taskQueue }),
    ));
  const dispatch = async () => {
    const c = await client();
    const installationOf = installationOfAccount(store.db);
    return holdingDispatchers(store.db, {
      xero: xeroEventDispatcher(c, taskQueue, { installationOf }),
      deal: crmDealDispatcher(c, taskQueue, { installationOf }),
    });
  };
  return reviewDeskFrom({
    db: store.db,
    crmTargets: { forConnection: async (id) => (await deps()).crmTargets.forConnection(id) },
    links: services.shared.links,
    audit: services.shared.audit,
    dispatchXero: async (changes) => (await dispatch()).xero(changes),
  });
}
