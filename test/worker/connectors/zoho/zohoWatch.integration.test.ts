import { zohoDateTime } from '../../../../worker/connectors/zoho/zohoWatch';
import { startReceiver } from '../../../sandbox/zoho/harness';
import { startZohoClientHarness, type ZohoClientHarness } from './zohoClientHarness';

const HOUR = 3600_000;

describe('ZohoClient watch channels against the emulator', () => {
  let h: ZohoClientHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  const channel = (expiresAt: Date) => ({
    channelId: '1000000068001',
    events: ['Deals.all', 'Accounts.edit'],
    notifyUrl: `${receiver.url}?installation=inst-1`,
    token: 'lb-zoho-channel-token',
    expiresAt,
  });

  it('enables a channel, renews it past its first expiry, and the renewed channel still calls back', async () => {
    const { client, orgId } = await h.connectOrg('eu');
    const asked = new Date(h.clock.now() + HOUR / 2);
    const enabled = await client.watch.enable(channel(asked));
    expect(enabled.channelId).toBe('1000000068001');
    expect(enabled.modules.map((m) => m.module).sort()).toEqual(['Accounts', 'Deals']);
    expect(enabled.modules[0]?.expiresAt.getTime()).toBe(
      Math.floor((h.clock.now() + HOUR / 2) / 1000) * 1000,
    );

    const renewedTo = new Date(h.clock.now() + 6 * 24 * HOUR);
    const renewed = await client.watch.renew(channel(renewedTo));
    expect(renewed.modules.map((m) => zohoDateTime(m.expiresAt))).toEqual([
      zohoDateTime(renewedTo),
      zohoDateTime(renewedTo),
    ]);
    h.clock.advance(2 * HOUR);
    expect(h.emulator.channels(orgId)).toHaveLength(1);
    const listed = await client.watch.list({ module: 'Deals' });
    expect(listed).toEqual([
      expect.objectContaining({ channel_id: '1000000068001', resource_name: 'Deals', events: ['Deals.all'] }),
    ]);

    await client.createRecords('Deals', [{ Deal_Name: 'Watched', Stage: 'Qualification' }]);
    await h.emulator.idle();
    expect(receiver.received).toEqual([
      expect.objectContaining({
        url: '/webhooks/zoho?installation=inst-1',
        body: expect.objectContaining({
          module: 'Deals',
          operation: 'insert',
          token: 'lb-zoho-channel-token',
        }),
      }),
    ]);
  });

  it('stands a lapsed channel up again on renew, and disables channels (one already gone counts as done)', async () => {
    const { client, orgId } = await h.connectOrg('au');
    await client.watch.enable(channel(new Date(h.clock.now() + HOUR / 2)));
    h.clock.advance(HOUR);
    expect(h.emulator.channels(orgId)).toEqual([]);
    expect(await client.watch.list()).toEqual([]);
    await client.watch.renew(channel(new Date(h.clock.now() + 2 * HOUR)));
    expect(h.emulator.channels(orgId)).toHaveLength(1);
    await client.watch.disable(['1000000068001', '1000000068999']);
    expect(h.emulator.channels(orgId)).toEqual([]);
  });

  it('refuses an invalid channel with Zoho’s reason as validation', async () => {
    const { client } = await h.connectOrg('us');
    await expect(
      client.watch.enable({ ...channel(new Date(h.clock.now() + HOUR)), events: ['Nowhere.all'] }),
    ).rejects.toMatchObject({
      kind: 'validation',
      details: { vendorCode: 'INVALID_DATA', fields: ['events'] },
    });
  });
});
