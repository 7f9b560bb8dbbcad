import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { startAppIngress, TEST_SECRETS, type AppIngress } from './appIngress';
import { validBody } from './signedDeliveries';

const ORG_A = '00D000000000001AAA';
const ORG_B = '00D000000000002AAA';

/**
 * Each Salesforce org is given its own callout secret, derived from the deployment's: with it, the
 * package's Closed Won notice is accepted for that org and refused for any other, so one customer
 * cannot sign another's notices. The deployment's own secret (the sandbox, one-org setups) still signs.
 */
describe('Salesforce callouts signed with an org’s own secret', () => {
  let app: AppIngress;
  beforeAll(async () => {
    app = await startAppIngress();
  });
  afterAll(() => app.close());

  const notice = (orgId: string) => JSON.stringify({ ...JSON.parse(validBody('salesforce')), orgId });
  const post = (body: string, headerOrg: string | undefined, secret: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(`${app.ingress.url}/webhooks/salesforce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(headerOrg ? { 'x-ledgerbridge-org': headerOrg } : {}),
        'x-ledgerbridge-timestamp': timestamp,
        'x-ledgerbridge-signature': signSalesforceCallout(secret, timestamp, body),
      },
      body,
    });
  };
  const secretOf = (org: string) => salesforceOrgCalloutSecret(TEST_SECRETS.salesforceCalloutSecret, org);

  it('accepts an org’s notice about itself, signed with its own secret', async () => {
    const before = app.handedOver.deals.length;
    expect((await post(notice(ORG_A), ORG_A, secretOf(ORG_A))).status).toBe(200);
    expect(
      app.handedOver.deals
        .slice(before)
        .flat()
        .map((d) => d.crmAccount),
    ).toEqual([ORG_A]);
  });

  it('refuses an org’s secret used for another org, however the request names it', async () => {
    const before = app.handedOver.deals.length;
    const refused = [
      await post(notice(ORG_B), ORG_A, secretOf(ORG_A)),
      await post(notice(ORG_B), ORG_B, secretOf(ORG_A)),
      await post(notice(ORG_A), undefined, secretOf(ORG_A)),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(app.handedOver.deals.length).toBe(before);
  });

  it('still accepts the deployment’s own secret', async () => {
    expect((await post(notice(ORG_B), undefined, TEST_SECRETS.salesforceCalloutSecret)).status).toBe(200);
  });
});
