import { ApplicationFailure } from '@temporalio/activity';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import { mappingSettingsSchema, type MappingSettings } from '../../workflows/domain/mappingSettings';

/**
 * Stored mapping settings, validated (defaults filled in). Settings that no longer validate (saved
 * under an older schema, or edited by hand) fail naming each field, retryably: an admin who fixes
 * them lets the work go on.
 */
export function validMappingSettings(tenantId: string, stored: unknown): MappingSettings {
  const parsed = mappingSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
  throw ApplicationFailure.retryable(
    `mapping settings of Xero organisation ${tenantId} are invalid: ${fields.join('; ')}`,
    LEDGERBRIDGE_ERROR_TYPES.invalidMappingSettings,
  );
}
