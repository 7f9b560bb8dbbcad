import { mappingSettingsSchema, type MappingSettingsInput } from '../../workflows/domain/mappingSettings';

/**
 * A tenant's mapping settings. Admins will save them from the CRM packages (Salesforce app page,
 * HubSpot settings page); until then every tenant runs on the schema's defaults.
 */
export async function defaultMappingSettings(_tenantId: string): Promise<MappingSettingsInput> {
  return mappingSettingsSchema.parse({});
}
