import { Flex, hubspot } from '@hubspot/ui-extensions';
import { DealPayments } from './components/DealPayments';
import { DealInvoice } from './components/DealInvoice';
import { workerDataSource } from './lib/workerClient';
import { WORKER_URL } from './lib/workerUrl';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <Flex direction="column" gap="md">
    <DealInvoice
      dealId={String(context.crm.objectId)}
      source={workerDataSource(hubspot.fetch, WORKER_URL)}
      refreshRecord={actions.refreshObjectProperties}
    />
    <DealPayments />
  </Flex>
));
