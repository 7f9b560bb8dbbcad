import type { ConnectionStore } from '../connections/connectionStore';
import type { ConnectionServices } from '../connections/services';
import type { RefreshService } from '../connections/refreshService';
import type { TokenRefresher } from '../connections/tokenRefresher';
import type { Store } from '../store/store';
import { createConnectionActivities } from './connections';
import { createSystemActivities } from './system';

export interface ActivityDeps {
  store: Store;
  connections: ConnectionStore;
  refresh: RefreshService;
  refresherFor(vendor: string): TokenRefresher;
}

/** The activity dependencies the worker builds from its store and connection services. */
export function activityDepsFrom(store: Store, services: ConnectionServices): ActivityDeps {
  return {
    store,
    connections: services.connections,
    refresh: services.refresh,
    refresherFor: (vendor) => services.refreshers.for(vendor),
  };
}

/** All activities, built from their dependencies so tests can inject sandbox clients and stores. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
    ...createConnectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
