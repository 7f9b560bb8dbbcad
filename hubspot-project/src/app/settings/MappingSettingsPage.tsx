import { hubspot, Tab, Tabs } from '@hubspot/ui-extensions';
import { WORKER_URL } from '../cards/lib/workerUrl';
import { ContactReviews } from './components/ContactReviews';
import { MappingSettingsPanel } from './components/MappingSettingsPanel';
import { ReceivablesSection } from './components/ReceivablesSection';
import { SyncHealthSection } from './components/SyncHealthSection';
import { XeroConnections } from './components/XeroConnections';
import { workerContactReviewsSource } from './lib/contactReviewsClient';
import { workerHealthSource } from './lib/healthClient';
import { workerPipelinesSource } from './lib/pipelinesClient';
import { workerReceivablesSource } from './lib/receivablesClient';
import { workerSettingsSource } from './lib/settingsClient';
import { workerXeroConnectionsSource } from './lib/xeroConnectionsClient';

hubspot.extend<'settings'>(() => (
  <Tabs defaultSelected="mapping">
    <Tab tabId="mapping" title="Mapping">
      <MappingSettingsPanel
        source={workerSettingsSource(hubspot.fetch, WORKER_URL)}
        pipelines={workerPipelinesSource(hubspot.fetch, WORKER_URL)}
      />
    </Tab>
    <Tab tabId="health" title="Sync health">
      <SyncHealthSection source={workerHealthSource(hubspot.fetch, WORKER_URL)} />
    </Tab>
    <Tab tabId="receivables" title="Receivables">
      <ReceivablesSection source={workerReceivablesSource(hubspot.fetch, WORKER_URL)} />
    </Tab>
    <Tab tabId="xero" title="Xero organisations">
      <XeroConnections source={workerXeroConnectionsSource(hubspot.fetch, WORKER_URL)} />
    </Tab>
    <Tab tabId="reviews" title="Contact reviews">
      <ContactReviews source={workerContactReviewsSource(hubspot.fetch, WORKER_URL)} />
    </Tab>
  </Tabs>
));
