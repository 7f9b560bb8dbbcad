import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { temporalLogger } from '../../../worker/temporal/runtime';
import { capturedLogger } from '../../support/capturedLogs';

/**
 * Activity logs reach the worker's pino stream as JSON with the workflow and run they belong to, and
 * a token driven through every place one can hide (fields, headers, the message, an error) never
 * appears in the output.
 */
describe('activity logs', () => {
  const token = 'pat-na1-0123456789abcdef-SECRET';

  it('carry workflowId and runId and never the token', async () => {
    const { logger, text } = capturedLogger();
    const env = new MockActivityEnvironment(
      {
        workflowExecution: { workflowId: 'xero:t1:invoice:i1', runId: 'run-42' },
        activityType: 'applyXeroRecord',
      },
      { logger: temporalLogger(logger) },
    );
    await env.run(async () => {
      const { log } = Context.current();
      log.info('calling HubSpot', { headers: { authorization: `Bearer ${token}` }, accessToken: token });
      log.warn(`retrying GET https://api.hubapi.com/crm/v3/objects/deals?access_token=${token}`, {
        tokens: { refresh_token: token },
      });
      log.error('HubSpot refused the call', { err: new Error(`401 for Authorization: Bearer ${token}`) });
      return Promise.resolve();
    });
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const activityLines = lines.filter((l) => l.sdkComponent === 'activity');
    expect(activityLines.map((l) => l.level)).toEqual([30, 40, 50]);
    for (const line of activityLines)
      expect(line).toMatchObject({
        workflowId: 'xero:t1:invoice:i1',
        runId: 'run-42',
        activityType: 'applyXeroRecord',
      });
    expect(text()).not.toContain('0123456789abcdef');
    expect(text()).toContain('Bearer [redacted]');
    expect(text()).toContain('access_token=[redacted]');
  });

  it('keeps the SDK chatter at debug but activity and workflow lines at their level', () => {
    const { logger, text } = capturedLogger();
    const sdk = temporalLogger(logger);
    sdk.info('Worker state changed', { sdkComponent: 'worker' });
    sdk.info('Workflow started', { sdkComponent: 'workflow', workflowId: 'w1' });
    const levels = text()
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels).toEqual([20, 30]);
  });

  it("writes a failed activity's error message (the SDK hands it over as `error`), redacted", () => {
    const { logger, text } = capturedLogger();
    temporalLogger(logger).warn('Activity failed', {
      sdkComponent: 'worker',
      error: new Error(`HubSpot answered 502 for Bearer ${token}`),
    });
    const line = JSON.parse(text().trim()) as { err?: { message?: string } };
    expect(line.err?.message).toBe('HubSpot answered 502 for Bearer [redacted]');
    expect(text()).not.toContain('0123456789abcdef');
  });
});
