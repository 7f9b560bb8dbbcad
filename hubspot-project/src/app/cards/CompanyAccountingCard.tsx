import { Flex, hubspot } from '@hubspot/ui-extensions';
import { CompanyFigures } from './components/CompanyFigures';
import { CompanyOrders } from './components/CompanyOrders';
import { CompanyAccounting } from './components/CompanyAccounting';
import { workerDataSource } from './lib/workerClient';
import { WORKER_URL } from './lib/workerUrl';

hubspot.extend<'crm.record.tab'>(({ context }) => (
  <Flex direction="column" gap="md">
    <CompanyFigures />
    <CompanyOrders />
    <CompanyAccounting
      companyId={String(context.crm.objectId)}
      source={workerDataSource(hubspot.fetch, WORKER_URL)}
    />
  </Flex>
));
