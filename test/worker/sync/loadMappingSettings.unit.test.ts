import { ApplicationFailure } from '@temporalio/common';
import { createXeroSyncActivities, type XeroSyncDeps } from '../../../worker/activities/xeroSync';
import type { MappingSettingsInput } from '../../../workflows/domain/mappingSettings';

/** The workflows take their settings from this activity, validated: they carry no zod themselves. */
describe('loadMappingSettings activity', () => {
  const activitiesWith = (stored: unknown) =>
    createXeroSyncActivities({
      loadSettings: () => Promise.resolve(stored as MappingSettingsInput),
    } as Partial<XeroSyncDeps> as XeroSyncDeps);

  it('returns the settings validated, with the defaults filled in', async () => {
    const settings = await activitiesWith({ paymentTermsDays: 14 }).loadMappingSettings({ tenantId: 't1' });
    expect(settings.paymentTermsDays).toBe(14);
    expect(settings.invoiceRules.types).toEqual(['ACCREC']);
    expect(settings.shadowMode).toEqual({ xeroToCrm: false, crmToXero: false });
  });

  it('fails (retryably) naming each invalid field, so fixing the settings lets the workflow go on', async () => {
    const err = await activitiesWith({ paymentTermsDays: 400, currencies: { allowed: ['usd'] } })
      .loadMappingSettings({ tenantId: 't1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    expect(failure.type).toBe('InvalidMappingSettings');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('Xero organisation t1');
    expect(failure.message).toContain('paymentTermsDays: must be at most 365 days');
    expect(failure.message).toContain('currencies.allowed.0:');
  });
});
