import { generateKeyPairSync } from 'node:crypto';
import { SalesforceAuth } from '../../../worker/connectors/salesforce/salesforceAuth';
import { describeOrg } from '../../../worker/connectors/salesforce/salesforceApi';
import { issueTestTicket } from '../../support/connectTickets';
import {
  startSalesforceConnectHarness,
  type SalesforceConnectHarness,
} from '../../support/salesforceConnectHarness';

/**
 * Salesforce's server-side connect flows (External Client App: client credentials through the
 * ingress, JWT bearer with a certificate) against the Salesforce sandbox through jsforce.
 */
describe('Connect Salesforce', () => {
  let harness: SalesforceConnectHarness;

  beforeAll(async () => {
    harness = await startSalesforceConnectHarness({
      orgName: 'Acme Sandbox Org',
      accounts: 3,
      opportunities: 3,
    });
  });
  afterAll(() => harness.close());

  it('connects the org by client credentials from /oauth/salesforce/start and renews the session without a refresh token', async () => {
    await harness.temporal.withWorker(async () => {
      const start = `${harness.ingress.url}/oauth/salesforce/start`;
      expect((await fetch(start)).status).toBe(401);
      const { ticket, installationId } = await issueTestTicket(harness.store.db, 'salesforce', {
        slug: 'acme',
      });
      const res = await fetch(`${start}?ticket=${ticket}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Connected: Acme Sandbox Org');
      // The ticket was used up: the same link connects nothing a second time.
      expect((await fetch(`${start}?ticket=${ticket}`)).status).toBe(401);

      const connection = await harness.services.connections.find('salesforce', harness.org.orgId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Acme Sandbox Org', installationId });
      expect(connection?.settings).toMatchObject({
        instanceUrl: expect.stringContaining('http'),
        userId: harness.org.userId,
      });
      const { tokens, version } = await harness.services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeUndefined();
      expect(
        (await harness.temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe())
          .status.name,
      ).toBe('RUNNING');

      // The session expired at Salesforce: a 401 renews it by authorising again.
      harness.emulator.identity.expireAll();
      const renewed = await harness.services.refresh.refresh(connection!.id, {
        unauthorizedWithVersion: version,
      });
      expect(renewed.outcome).toBe('refreshed');
      const after = await harness.services.connections.readTokens(connection!.id);
      expect(after.tokens.accessToken).not.toBe(tokens.accessToken);
      await expect(
        describeOrg({
          instanceUrl: String(connection!.settings.instanceUrl),
          accessToken: after.tokens.accessToken,
        }),
      ).resolves.toEqual({ name: 'Acme Sandbox Org' });
    });
  });

  it('connects by JWT bearer with the integration user certificate, and a wrong key is invalid_grant', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    harness.emulator.registerApp({
      consumerKey: 'JWT-ECA',
      certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      username: harness.org.username,
    });
    const auth = new SalesforceAuth({
      loginUrl: harness.server.url,
      clientId: 'JWT-ECA',
      flow: 'jwt_bearer',
      username: harness.org.username,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const session = await auth.authorize();
    expect(session).toMatchObject({ orgId: harness.org.orgId, userId: harness.org.userId });
    await expect(
      describeOrg({ instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken }),
    ).resolves.toEqual({
      name: 'Acme Sandbox Org',
    });

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrong = new SalesforceAuth({
      loginUrl: harness.server.url,
      clientId: 'JWT-ECA',
      flow: 'jwt_bearer',
      username: harness.org.username,
      privateKeyPem: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    await expect(wrong.authorize()).rejects.toMatchObject({ name: 'InvalidGrantError' });
  });
});
