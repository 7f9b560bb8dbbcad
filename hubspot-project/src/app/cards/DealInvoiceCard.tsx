import { hubspot } from '@hubspot/ui-extensions';
import { DealInvoice } from './components/DealInvoice';
import { workerDataSource } from './lib/workerClient';
import { WORKER_URL } from './lib/workerUrl';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <DealInvoice
    dealId={String(context.crm.objectId)}
    source={workerDataSource(hubspot.fetch, WORKER_URL)}
    refreshRecord={actions.refreshObjectProperties}
  />
));
