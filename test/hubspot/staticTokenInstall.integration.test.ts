import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extensionFetch } from '../../sandbox/hubspot';
import { loadConfig } from '../../worker/config';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { ensureLedgerbridgeProperties } from '../../worker/connectors/hubspot/hubspotSchema';
import { dealCardSchema } from '../../worker/hubspotApp/contracts/cardData';
import { resolveCrmWebhookSecrets } from '../../worker/webhooks/crmWebhookSecrets';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { startAppIngress, TEST_SECRETS } from '../worker/ingress/appIngress';
import { signedHeaders, validBody } from '../worker/ingress/signedDeliveries';
import { APP_SECRET, CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

const SECRET = 'static-install-client-secret';
const STATIC_PORTAL = 818181;
const STATIC_TOKEN = 'pat-na1-static-install';

/**
 * A single-account install (HubSpot's static auth: HUBSPOT_ACCESS_TOKEN) with the app's client
 * secret set serves the cards, the settings page and the webhooks, all verified with that secret,
 * exactly as an OAuth install does.
 */
describe('a static-token HubSpot install with HUBSPOT_CLIENT_SECRET', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'lb-static-'));
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  const secretOf = async (env: Record<string, string>) =>
    (await resolveCrmWebhookSecrets(loadConfig(env, cwd))).hubspot;

  it('the secret is the one the HubSpot routes verify with; without it they are not served', async () => {
    expect(await secretOf({ HUBSPOT_ACCESS_TOKEN: STATIC_TOKEN, HUBSPOT_CLIENT_SECRET: SECRET })).toBe(
      SECRET,
    );
    // Negative controls: no secret, no routes; a secret with neither token nor client ID is refused.
    expect(await secretOf({ HUBSPOT_ACCESS_TOKEN: STATIC_TOKEN })).toBeUndefined();
    expect(() => loadConfig({ HUBSPOT_CLIENT_SECRET: SECRET }, cwd)).toThrow(/HUBSPOT_CLIENT_ID/);

    for (const hubspotClientSecret of [SECRET, undefined]) {
      const app = await startAppIngress({ secrets: { hubspotClientSecret } });
      try {
        const body = validBody('hubspot');
        const secrets = { ...TEST_SECRETS, hubspotClientSecret: SECRET };
        const webhook = await fetch(`${app.publicUrl}/webhooks/hubspot`, {
          method: 'POST',
          headers: [
            ['content-type', 'application/json'],
            ...signedHeaders('hubspot', body, secrets, app.publicUrl),
          ],
          body,
        });
        const card = await extensionFetch({
          url: `${app.publicUrl}/hubspot/cards/deals/1`,
          caller: { ...CALLER, portalId: STATIC_PORTAL },
          clientSecret: SECRET,
        });
        if (hubspotClientSecret) {
          expect(webhook.status).toBe(200);
          expect(app.handedOver.deals).toHaveLength(1);
          // Verified and served: refused only because this ingress has no portal connected.
          expect(card.status).toBe(403);
          expect(await card.json()).toMatchObject({ error: 'portal_not_connected' });
        } else {
          expect(webhook.status).toBe(404);
          expect(card.status).toBe(404);
        }
      } finally {
        await app.close();
      }
    }
  });

  describe('with the portal connected by its static token', () => {
    let env: ThreeSandboxes;
    let app: HubspotAppHarness;

    beforeAll(async () => {
      env = await startThreeSandboxes({ seed: 7171, contacts: 2, invoices: 2 });
      await ensureLedgerbridgeProperties(env.hs());
      // HubSpot grants a static token the app's scopes; the connection does not list them.
      env.hubspot.registerStaticToken(STATIC_PORTAL, STATIC_TOKEN, HUBSPOT_SCOPES);
      // What HubspotStaticTokenFlow saves: no scopes listed, authType static_token.
      await env.connections.save({
        vendor: 'hubspot',
        externalId: String(STATIC_PORTAL),
        displayName: 'Static portal',
        scopes: [],
        settings: { authType: 'static_token' },
        tokens: { accessToken: STATIC_TOKEN },
      });
      app = await startHubspotApp(env);
    });
    afterAll(async () => {
      await app.close();
      await env.close();
    });

    it('serves its deal card and settings page to requests signed with the secret', async () => {
      const caller = { portalId: STATIC_PORTAL };
      const staticClient = env.hubspot.portal(STATIC_PORTAL);
      const deal = staticClient.create(
        'deals',
        { dealname: 'Static deal', deal_currency_code: 'GBP' },
        'CRM_UI',
      );
      const card = await app.call(`/hubspot/cards/deals/${deal.id}`, { caller });
      expect([card.status, card.status === 200 ? '' : await card.text()]).toEqual([200, '']);
      expect(dealCardSchema.parse(await card.json())).toMatchObject({
        dealName: 'Static deal',
        currency: 'GBP',
      });
      const settings = await app.call('/hubspot/settings', { caller });
      expect(settings.status).toBe(200);
      // Negative control: the same request signed with another secret is refused.
      const forged = await app.call('/hubspot/settings', { caller, secret: `${APP_SECRET}-not` });
      expect(forged.status).toBe(401);
    });
  });
});
