import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { Database } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import type { RecordLinks } from '../sync/recordLinks';
import { ReviewQueue } from '../sync/reviewQueue';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { ReviewDesk } from './reviewDesk';
import { ReviewWaits } from './reviewWaits';

/** The review desk over the worker's own services (worker/app.ts and the ops CLI build it alike). */
export function reviewDeskFrom(deps: {
  db: Kysely<Database>;
  crmTargets: Pick<CrmTargets, 'forConnection'>;
  links: RecordLinks;
  audit: AuditLog;
  dispatchXero: XeroEventDispatch;
  now?: () => Date;
}): ReviewDesk {
  return new ReviewDesk({
    db: deps.db,
    reviews: new ReviewQueue(deps.db),
    waits: new ReviewWaits(deps.db),
    links: deps.links,
    audit: deps.audit,
    crmTargets: deps.crmTargets,
    dispatchXero: deps.dispatchXero,
    now: deps.now ?? (() => new Date()),
  });
}
