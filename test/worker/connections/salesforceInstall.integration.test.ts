import { installationReport } from '../../../worker/installations/installationReport';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { issueOperatorTicket } from '../../../worker/installations/operatorTickets';
import { issueTestTicket } from '../../support/connectTickets';
import {
  startSalesforceConnectHarness,
  type SalesforceConnectHarness,
} from '../../support/salesforceConnectHarness';

/**
 * "Connect a new customer": an install ticket for Salesforce (the operator's `npm run connect --
 * salesforce --new-installation`) connects the org through the External Client App into the
 * installation already holding it, else into a new one named after the org, audited; through the
 * ingress, the Salesforce sandbox and the refresh workflow on Temporal.
 */
describe('Install for a Salesforce org', () => {
  let harness: SalesforceConnectHarness;

  beforeAll(async () => {
    harness = await startSalesforceConnectHarness({ orgName: 'Initech Ltd.', accounts: 1, opportunities: 1 });
  });
  afterAll(() => harness.close());

  const operatorInstallTicket = async (name?: string) =>
    (
      await issueOperatorTicket(
        { installations: new InstallationStore(harness.store.db), tickets: harness.services.tickets },
        { vendor: 'salesforce', newInstallation: { name } },
      )
    ).ticket;
  const start = (ticket: string) => fetch(`${harness.ingress.url}/oauth/salesforce/start?ticket=${ticket}`);

  it('creates the installation named after the org, and a second install finds it', () =>
    harness.temporal.withWorker(async () => {
      const ticket = await operatorInstallTicket();
      const res = await start(ticket);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Connected: Initech Ltd.');
      expect((await start(ticket)).status).toBe(401);

      const connection = await harness.services.connections.find('salesforce', harness.org.orgId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Initech Ltd.' });
      const installation = await new InstallationStore(harness.store.db).get(connection!.installationId);
      expect(installation).toMatchObject({ slug: 'initech-ltd', name: 'Initech Ltd.', status: 'active' });
      expect(
        (await harness.temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe())
          .status.name,
      ).toBe('RUNNING');
      const created = await harness.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'installation_created')
        .execute();
      expect(created).toEqual([
        expect.objectContaining({
          actor: 'cli',
          subject: expect.objectContaining({
            installationId: installation!.id,
            vendor: 'salesforce',
            account: harness.org.orgId,
          }),
        }),
      ]);
      expect(await installationReport(harness.store.db)).toEqual([
        expect.objectContaining({
          slug: 'initech-ltd',
          accounts: [expect.objectContaining({ vendor: 'salesforce', externalId: harness.org.orgId })],
        }),
      ]);

      // Connecting the same org as a new customer again (a re-install): the same installation, and
      // the name asked for this time does not rename or duplicate it.
      expect((await start(await operatorInstallTicket('Someone Else'))).status).toBe(200);
      expect((await new InstallationStore(harness.store.db).list()).map((i) => i.slug)).toEqual([
        'initech-ltd',
      ]);
      expect(await harness.services.connections.find('salesforce', harness.org.orgId)).toMatchObject({
        id: connection!.id,
        installationId: installation!.id,
      });
      expect(
        await harness.store.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'installation_created')
          .execute(),
      ).toHaveLength(1);
    }));

  it('refuses a ticket of another installation for the org, as before', async () => {
    const { ticket } = await issueTestTicket(harness.store.db, 'salesforce', { slug: 'other-customer' });
    const res = await start(ticket);
    expect(res.status).toBe(409);
    const owner = await new InstallationStore(harness.store.db).requireBySlug('initech-ltd');
    expect(await harness.services.connections.find('salesforce', harness.org.orgId)).toMatchObject({
      installationId: owner.id,
    });
  });
});
