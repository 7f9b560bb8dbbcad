import type { AuditOutcome, JsonObject } from '../store/schema';
import type { LifecycleDeps } from './lifecycleDeps';

/** An audit row of an installation's lifecycle (pause, resume, uninstall, purge), by ID and slug. */
export function auditInstallation(
  deps: Pick<LifecycleDeps, 'audit'>,
  installation: { id: string; slug: string },
  action: string,
  actor: string,
  outcome: AuditOutcome,
  detail: JsonObject,
): Promise<string> {
  return deps.audit.record({
    action,
    outcome,
    actor,
    subject: { installationId: installation.id, installation: installation.slug },
    detail,
  });
}
