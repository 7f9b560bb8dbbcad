import type { Client } from '@temporalio/client';
import type { Installation } from '../../installations/installationStore';
import type { Logger } from '../../logger';
import { paymentSettingsOf } from '../settleStripePayment';
import { ensureReceivablesSchedule } from './receivablesSchedule';

/**
 * At start-up: every active installation has its nightly receivables Schedule, at 02:00 in its
 * payments time zone. One installation's invalid settings are logged and do not stop the rest.
 */
export async function ensureReceivablesSchedules(input: {
  client: Client;
  taskQueue: string;
  installations: readonly Installation[];
  loadInstallationSettings(installationId: string): Promise<unknown>;
  logger: Logger;
}): Promise<number> {
  let ensured = 0;
  for (const installation of input.installations) {
    if (installation.status !== 'active') continue;
    try {
      const settings = paymentSettingsOf(await input.loadInstallationSettings(installation.id));
      await ensureReceivablesSchedule(input.client, input.taskQueue, installation.id, {
        timeZone: settings.timeZone,
        installationSlug: installation.slug,
      });
      ensured++;
    } catch (err) {
      input.logger.warn(
        { err, installation: installation.slug },
        'the nightly receivables schedule was not made',
      );
    }
  }
  return ensured;
}
