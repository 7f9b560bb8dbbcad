import { Alerter } from './alerts/alerter';
import { AuditLog } from './audit/auditLog';
import type { Config } from './config';
import { ConnectTickets } from './installations/connectTickets';
import { InstallationStore } from './installations/installationStore';
import type { Logger } from './logger';
import { pacePolicies } from './pacing/pacePolicies';
import { SharedPacer } from './pacing/sharedPacer';
import type { Store } from './store/store';
import { MappingSettingsStore } from './sync/mappingSettingsStore';
import { RecordLinks } from './sync/recordLinks';

/**
 * The store-backed services every part of one process works with: built once per process (the
 * worker in app.ts, each CLI) and handed to the activities, the HubSpot app, the lifecycle and the
 * routes. One pacer per process matters beyond tidiness: its local FIFO gates only queue callers
 * that share it.
 */
export interface SharedServices {
  audit: AuditLog;
  alerter: Alerter;
  pacer: SharedPacer;
  mappingSettings: MappingSettingsStore;
  installations: InstallationStore;
  links: RecordLinks;
  /** The connect tickets every connect flow starts with. */
  tickets: ConnectTickets;
}

export function buildSharedServices(config: Config, store: Store, logger: Logger): SharedServices {
  const audit = new AuditLog(store.db);
  return {
    audit,
    alerter: new Alerter({ logger, webhookUrl: config.alertWebhookUrl }),
    pacer: new SharedPacer(store.db, pacePolicies(config.vendors.pace)),
    mappingSettings: new MappingSettingsStore(store.db),
    installations: new InstallationStore(store.db),
    links: new RecordLinks(store.db),
    tickets: new ConnectTickets(store.db, audit),
  };
}
