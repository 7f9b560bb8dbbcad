import { RENEWALS_PIPELINE } from '../../../../sandbox/hubspot/dealStages';
import { startThreeSandboxes, type ThreeSandboxes } from '../../../support/threeSandboxes';
import { hubspotCrmOf } from './hubspotCrmHarness';

/**
 * The won-deal poll finds deals won in any pipeline: a custom pipeline's won stage has its own ID
 * (HubSpot marks it won by its metadata, `hs_is_closed_won`), so searching for `closedwon` missed it.
 */
describe("the HubSpot adapter's won-deal poll", () => {
  let env: ThreeSandboxes;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 2020, contacts: 1, invoices: 1 });
  });
  afterAll(() => env.close());

  it('finds deals won in the default and in a custom pipeline, and not lost or open ones', async () => {
    const crm = await hubspotCrmOf(env);

    const stage = (label: string) => RENEWALS_PIPELINE.stages.find((s) => s.label === label)!.id;
    const create = async (dealname: string, pipeline: string, dealstage: string) =>
      (await env.hs().crm.deals.basicApi.create({ properties: { dealname, pipeline, dealstage } })).id;
    const since = new Date(Date.now() - 60_000);
    const wonDefault = await create('Won in Sales', 'default', 'closedwon');
    const wonRenewal = await create('Renewed', RENEWALS_PIPELINE.id, stage('Renewed'));
    const lostRenewal = await create('Churned', RENEWALS_PIPELINE.id, stage('Churned'));
    const openRenewal = await create('Open renewal', RENEWALS_PIPELINE.id, stage('Renewal Due'));

    const found = (await crm.deals.wonDealsSince(since, 100)).map((d) => d.dealId);
    expect(found).toEqual(expect.arrayContaining([wonDefault, wonRenewal]));
    expect(found).not.toContain(lostRenewal);
    expect(found).not.toContain(openRenewal);
  });
});
