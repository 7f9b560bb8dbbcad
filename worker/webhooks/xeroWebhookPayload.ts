import { z } from 'zod';

/**
 * A Xero webhook delivery: a batch of events, each naming a changed record (not carrying it).
 * https://developer.xero.com/documentation/guides/webhooks/overview/ ; the intent-to-receive check
 * sends the same envelope with no events.
 */
export const xeroWebhookEventSchema = z.object({
  resourceUrl: z.string(),
  resourceId: z.uuid({ error: 'must be the record ID (a UUID)' }),
  eventDateUtc: z.string().min(1),
  eventType: z.enum(['CREATE', 'UPDATE']),
  eventCategory: z.enum(['INVOICE', 'CONTACT', 'CREDITNOTE']),
  tenantId: z.uuid({ error: 'must be the tenant ID (a UUID)' }),
  tenantType: z.string(),
});
export type XeroWebhookEvent = z.infer<typeof xeroWebhookEventSchema>;

export const xeroWebhookPayloadSchema = z.object({
  events: z.array(xeroWebhookEventSchema),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});
export type XeroWebhookPayload = z.infer<typeof xeroWebhookPayloadSchema>;
