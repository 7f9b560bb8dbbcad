import { VendorError } from '../../../worker/connectors/errors';
import { HubspotCrm } from '../../../worker/connectors/hubspot/hubspotCrm';
import { postOnTimeline } from '../../../worker/activities/timelineActivities';
import { anInvoice } from '../../factories/canonical';

/** A HubSpot adapter whose every call answers with `error`, counting the calls. */
function refusingPortal(connectionId: string, error: VendorError) {
  const calls = { count: 0 };
  const crm = Object.create(HubspotCrm.prototype) as HubspotCrm;
  Object.assign(crm, {
    deps: { connection: { id: connectionId } },
    call: () => {
      calls.count += 1;
      return Promise.reject(error);
    },
  });
  return { crm, calls };
}

describe('timeline posts to a portal that refuses them', () => {
  const activity = { kind: 'invoiceCreated' as const, invoice: anInvoice() };

  it('skips a portal that refused the timeline itself (403) instead of asking again on every sync', async () => {
    const { crm, calls } = refusingPortal(
      'conn-403',
      new VendorError('forbidden', 'hubspot', 'missing scope timeline'),
    );
    await expect(postOnTimeline(crm, '101', activity)).resolves.toBeUndefined();
    const after = calls.count;
    expect(after).toBeGreaterThan(0);
    await expect(postOnTimeline(crm, '102', activity)).resolves.toBeUndefined();
    expect(calls.count).toBe(after);
  });

  it('asks again after a refusal of one event (404: that record), which says nothing of the next', async () => {
    const { crm, calls } = refusingPortal('conn-404', new VendorError('notFound', 'hubspot', 'no deal 101'));
    await expect(postOnTimeline(crm, '101', activity)).resolves.toBeUndefined();
    const after = calls.count;
    await expect(postOnTimeline(crm, '102', activity)).resolves.toBeUndefined();
    expect(calls.count).toBeGreaterThan(after);
  });
});
