import { pacerGates, pacingFloor as floorOf, vendorGates, type RateWindow } from '../../bench/backfillFloor';
import { pacePolicies } from '../../worker/pacing/pacePolicies';
import type { BackfillVendor, ServedCall } from '../../bench/backfillVendorsRpc';

const call = (at: number): ServedCall => ({ method: 'GET', path: '/x', status: 200, at });
const calls = (n: number, from: number, step = 1) =>
  Array.from({ length: n }, (_, i) => call(from + i * step));
const windows: Record<BackfillVendor, RateWindow[]> = {
  xero: [{ limit: 3, windowMs: 60_000 }],
  salesforce: [{ limit: 1_000, windowMs: 86_400_000 }],
  hubspot: [{ limit: 4, windowMs: 10_000 }],
};

const pacingFloor = (served: Record<BackfillVendor, ServedCall[]>, w: Record<BackfillVendor, RateWindow[]>) =>
  floorOf(served, vendorGates(w));

describe('pacingFloor', () => {
  it('lets the first window of each vendor go at once: calls within their limits force no time', () => {
    const floor = pacingFloor(
      { xero: calls(3, 0), salesforce: calls(50, 10), hubspot: calls(4, 20) },
      windows,
    );
    expect(floor.floorMs).toBe(0);
    expect(floor.byVendorMs).toEqual({ xero: 0, salesforce: 0, hubspot: 0 });
  });

  it("lets the calls past the first window go at the limit's rate", () => {
    const floor = pacingFloor({ xero: [], salesforce: [], hubspot: calls(9, 0) }, windows);
    // 4 at once, then one every 2.5 s.
    expect(floor.byVendorMs.hubspot).toBe(12_500);
    expect(floor.floorMs).toBe(12_500);
  });

  it('runs the CRMs beside each other: the floor is the slowest, not the sum', () => {
    const floor = pacingFloor(
      {
        xero: [],
        salesforce: calls(5, 0),
        hubspot: calls(5, 100),
      },
      { ...windows, salesforce: [{ limit: 4, windowMs: 30_000 }] },
    );
    expect(floor.byVendorMs).toMatchObject({ salesforce: 7_500, hubspot: 2_500 });
    expect(floor.floorMs).toBe(7_500);
  });

  it('starts a CRM write no earlier than the Xero page it carries', () => {
    // Xero's 4th page waits 20 s (3 a minute). HubSpot's 9 calls need 12.5 s of their own.
    const xero = [...calls(3, 0), call(500)];
    // Answered after the 4th page, they carry it: they start when it can, 20 s in.
    const after = pacingFloor({ xero, salesforce: [], hubspot: calls(9, 600) }, windows);
    expect(after.byVendorMs).toMatchObject({ xero: 20_000, hubspot: 12_500 });
    expect(after.floorMs).toBe(32_500);
    // Answered before it, they carry earlier pages and go meanwhile.
    const before = pacingFloor({ xero, salesforce: [], hubspot: calls(9, 100) }, windows);
    expect(before.floorMs).toBe(20_000);
  });

  it('carries a vendor window across the phases of the load', () => {
    // Two rounds of 3 HubSpot calls, each after a Xero page: the first round used the burst.
    const served = {
      xero: [call(0), call(1_000)],
      salesforce: [],
      hubspot: [...calls(3, 10), ...calls(3, 1_010)],
    };
    expect(pacingFloor(served, windows).floorMs).toBe(5_000);
  });

  it("under the worker's pacing: its own bursts and even spacing", () => {
    const policies = pacePolicies({
      xero: { perMinute: 60, perDay: 5_000 },
      hubspot: { per10Seconds: 190, perDay: 1_000_000 },
      salesforce: { perDay: 100_000, concurrency: 10 },
    });
    // HubSpot: a burst of 19, then 171 per 10 s (the day's GCRA lets 190 go at once): 190 take 10 s.
    const hubspot = floorOf({ xero: [], salesforce: [], hubspot: calls(190, 0) }, pacerGates(policies));
    expect(hubspot.floorMs).toBeCloseTo(10_000, -2);
    // Salesforce: half the day's 100,000 may go at once.
    const salesforce = floorOf({ xero: [], salesforce: calls(210, 0), hubspot: [] }, pacerGates(policies));
    expect(salesforce.floorMs).toBe(0);
    // Xero: a burst of 5, then 55 a minute: 60 calls take 60 s.
    const xero = floorOf({ xero: calls(60, 0), salesforce: [], hubspot: [] }, pacerGates(policies));
    expect(xero.floorMs).toBeCloseTo(60_000, -3);
    // The vendors' own limits let both go at once.
    expect(floorOf({ xero: [], salesforce: calls(210, 0), hubspot: calls(190, 0) }).floorMs).toBe(0);
  });
});
