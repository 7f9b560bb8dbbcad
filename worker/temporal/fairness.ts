import type { Priority } from '@temporalio/common';

/**
 * Task-queue fairness (Temporal Server 1.29+): the matching service keeps one virtual queue per
 * fairness key and dispatches round-robin between them, so one installation's backlog of workflow
 * and activity tasks cannot hold back another's. The key is the installation's slug (at most 63
 * characters; Temporal allows 64 bytes); activities and child workflows inherit it.
 */
export function installationPriority(installation: string | undefined): { priority?: Priority } {
  return installation ? { priority: { fairnessKey: installation } } : {};
}

/**
 * What a self-hosted server needs for fairness keys to count (`--dynamic-config-value` on the dev
 * server, the dynamic config file elsewhere): the new matcher, and fairness on it. Without them
 * the keys are carried but ignored (plain FIFO). Temporal Cloud turns it on per namespace instead.
 */
export const TASK_QUEUE_FAIRNESS_CONFIG: Readonly<Record<string, boolean>> = {
  'matching.useNewMatcher': true,
  'matching.enableFairness': true,
};
