import { z } from 'zod';
import { VendorError } from '../errors';

/**
 * Zoho CRM v8 answers as the v8 SDK models them (core/com/zoho/crm/api/record, coql, fields,
 * notifications), narrowed to what Ledgerbridge reads. Records stay open objects: their fields are
 * the org's, and the adapter above reads the ones it maps.
 */

/** APIException / SuccessResponse: a whole call's error, or one record's outcome in `data`. */
export const zohoStatusSchema = z.looseObject({
  code: z.string(),
  details: z.record(z.string(), z.unknown()).nullish(),
  message: z.string().nullish(),
  status: z.enum(['success', 'error']),
});
export type ZohoStatus = z.infer<typeof zohoStatusSchema>;

export const zohoRecordSchema = z.looseObject({ id: z.string() });
export type ZohoRecord = z.infer<typeof zohoRecordSchema>;

/** record Info (listing pages carry the tokens; search and COQL only count and more_records). */
export const zohoInfoSchema = z.looseObject({
  count: z.number().int().nullish(),
  more_records: z.boolean(),
  page: z.number().int().nullish(),
  per_page: z.number().int().nullish(),
  next_page_token: z.string().nullish(),
});

export const zohoRecordsAnswer = z.object({
  data: z.array(zohoRecordSchema),
  info: zohoInfoSchema.optional(),
});

/** ActionWrapper: one status per record (or channel), in the order given. */
export const zohoActionAnswer = z.object({ data: z.array(zohoStatusSchema) });
export const zohoWatchActionAnswer = z.object({ watch: z.array(zohoStatusSchema) });

/** Upsert's SuccessResponse adds whether it inserted or updated, and by which field it matched. */
export const zohoWriteDetails = z.looseObject({
  id: z.string(),
  Created_Time: z.string().optional(),
  Modified_Time: z.string().optional(),
});

export const zohoFieldSchema = z.looseObject({
  api_name: z.string(),
  field_label: z.string().nullish(),
  data_type: z.string(),
  json_type: z.string().nullish(),
  custom_field: z.boolean().nullish(),
  system_mandatory: z.boolean().nullish(),
  read_only: z.boolean().nullish(),
  unique: z.record(z.string(), z.unknown()).nullish(),
  lookup: z.looseObject({ module: z.looseObject({ api_name: z.string() }).optional() }).nullish(),
  pick_list_values: z
    .array(z.looseObject({ display_value: z.string(), actual_value: z.string().nullish() }))
    .nullish(),
});
export type ZohoField = z.infer<typeof zohoFieldSchema>;
export const zohoFieldsAnswer = z.object({ fields: z.array(zohoFieldSchema) });

/** GET /org (the SDK's org package: Org id, company_name, primary_email, domain_name). */
export const zohoOrgAnswer = z.object({
  org: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]).transform(String),
      company_name: z.string().nullish(),
      primary_email: z.string().nullish(),
      domain_name: z.string().nullish(),
    }),
  ),
});
export type ZohoOrgDetails = z.infer<typeof zohoOrgAnswer>['org'][number];

/** A channel as GET /actions/watch lists it (one entry per channel and module). */
export const zohoWatchEntrySchema = z.looseObject({
  channel_id: z.union([z.string(), z.number()]).transform(String),
  channel_expiry: z.string(),
  resource_name: z.string(),
  events: z.array(z.string()).optional(),
  notify_url: z.string().optional(),
  token: z.string().nullish(),
});
export type ZohoWatchEntry = z.infer<typeof zohoWatchEntrySchema>;
export const zohoWatchListAnswer = z.object({ watch: z.array(zohoWatchEntrySchema) });

/** The Event entries a watch write's SuccessResponse lists in `details.events`. */
export const zohoWatchEventsDetails = z.looseObject({
  events: z.array(
    z.looseObject({
      channel_id: z.union([z.string(), z.number()]).transform(String),
      channel_expiry: z.string(),
      resource_name: z.string(),
    }),
  ),
});

/** A vendor answer that does not have the shape relied on: a retryable failure naming where. */
export function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new VendorError(
    'retryable',
    'zoho',
    `unexpected answer to ${what}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
  );
}
