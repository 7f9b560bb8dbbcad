import type { ConnectionStore } from '../connections/connectionStore';
import type { RefreshService } from '../connections/refreshService';
import type { Store } from '../store/store';
import { createConnectionActivities } from './connections';
import { createSystemActivities } from './system';

export interface ActivityDeps {
  store: Store;
  connections: ConnectionStore;
  refresh: RefreshService;
}

/** All activities, built from their dependencies so tests can inject sandbox clients and stores. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
    ...createConnectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
