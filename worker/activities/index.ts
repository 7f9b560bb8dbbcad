import type { Store } from '../store/store';
import { createSystemActivities } from './system';

export interface ActivityDeps {
  store: Store;
}

/** All activities, built from their dependencies so tests can inject sandbox clients and stores. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
