import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import {
  installationSettingsSchema,
  mappingSettingsSchema,
  type InstallationSettings,
  type MappingSettings,
} from '../../workflows/domain/mappingSettings';

/**
 * Stored settings that no longer validate (saved under an older schema, or edited by hand) fail
 * naming each field, retryably: an admin who fixes them lets the work go on.
 */
function invalid(whose: string, error: z.ZodError): ApplicationFailure {
  const fields = error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
  return ApplicationFailure.retryable(
    `mapping settings of ${whose} are invalid: ${fields.join('; ')}`,
    LEDGERBRIDGE_ERROR_TYPES.invalidMappingSettings,
  );
}

/** One Xero organisation's stored settings (MappingSettingsStore.load), validated, defaults filled in. */
export function validMappingSettings(tenantId: string, stored: unknown): MappingSettings {
  const parsed = mappingSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  throw invalid(`Xero organisation ${tenantId}`, parsed.error);
}

/** An installation's stored settings (MappingSettingsStore.loadInstallation), validated. */
export function validInstallationSettings(installationId: string, stored: unknown): InstallationSettings {
  const parsed = installationSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  throw invalid(`installation ${installationId}`, parsed.error);
}
