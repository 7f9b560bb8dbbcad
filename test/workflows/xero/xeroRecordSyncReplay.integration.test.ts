import { readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../../support/testEnv';
import { testDataConverter } from '../../support/temporal';

/**
 * A record workflow recorded before its sync became one local activity (fetch, settings and apply
 * were three; two syncs, the second after a signal) still replays on today's code: the
 * `xero-record-sync-in-one-activity` patch keeps such runs on the old path. The fixture was
 * recorded from the previous release's code with the test payload key.
 */
const FIXTURE = path.join(__dirname, 'fixtures/xeroRecordSync-three-activities.history.json');

describe('xeroRecordSyncWorkflow replays its histories from before the one-activity sync', () => {
  it('replays a three-activity history without a determinism error', async () => {
    const history = historyFromJSON(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes).length;
    expect(markers).toBe(6);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv('workflowBundle') }, dataConverter: testDataConverter() },
        history,
        'xero-record-sync-replay',
      ),
    ).resolves.toBeUndefined();
  });

  it('a change to the old path is caught (the replay is not vacuous)', async () => {
    const json = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
      events: Array<{
        markerRecordedEventAttributes?: { details: { data: { payloads: [{ data: string }] } } };
      }>;
    };
    // The first sync's fetch marker now names another activity: replay must disagree with the code.
    const marker = json.events.find((e) => e.markerRecordedEventAttributes)?.markerRecordedEventAttributes;
    const payload = marker?.details.data.payloads[0];
    if (!payload) throw new Error('the fixture has no local activity marker');
    const data = Buffer.from(payload.data, 'base64').toString('utf8');
    expect(data).toContain('"activity_type":"fetchXeroRecord"');
    payload.data = Buffer.from(data.replace('fetchXeroRecord', 'applyXeroRecord')).toString('base64');
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv('workflowBundle') }, dataConverter: testDataConverter() },
        historyFromJSON(json),
        'xero-record-sync-replay-broken',
      ),
    ).rejects.toThrow(/nondetermin/i);
  });
});
