import { hubspot } from '@hubspot/ui-extensions';
import { WORKER_URL } from '../cards/lib/workerUrl';
import { MappingSettingsPanel } from './components/MappingSettingsPanel';
import { workerSettingsSource } from './lib/settingsClient';

hubspot.extend<'settings'>(() => (
  <MappingSettingsPanel source={workerSettingsSource(hubspot.fetch, WORKER_URL)} />
));
