import { z } from 'zod';

/**
 * A Xero webhook delivery: a batch of events, each naming a changed record (not carrying it).
 * https://developer.xero.com/documentation/guides/webhooks/overview/ ; the intent-to-receive check
 * sends the same envelope with no events. Xero may add event types and categories at any time, so
 * the envelope accepts any; `sortXeroEvents` keeps the ones Ledgerbridge acts on.
 */
export const XERO_EVENT_TYPES = ['CREATE', 'UPDATE'] as const;
export const XERO_EVENT_CATEGORIES = ['INVOICE', 'CONTACT', 'CREDITNOTE'] as const;

const receivedEventSchema = z.object({
  resourceUrl: z.string(),
  resourceId: z.uuid({ error: 'must be the record ID (a UUID)' }),
  eventDateUtc: z.string().min(1),
  eventType: z.string().min(1),
  eventCategory: z.string().min(1),
  tenantId: z.uuid({ error: 'must be the tenant ID (a UUID)' }),
  tenantType: z.string(),
});
type ReceivedXeroEvent = z.infer<typeof receivedEventSchema>;

export type XeroWebhookEvent = Omit<ReceivedXeroEvent, 'eventType' | 'eventCategory'> & {
  eventType: (typeof XERO_EVENT_TYPES)[number];
  eventCategory: (typeof XERO_EVENT_CATEGORIES)[number];
};

export const xeroWebhookPayloadSchema = z.object({
  events: z.array(receivedEventSchema),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});
export type XeroWebhookPayload = z.infer<typeof xeroWebhookPayloadSchema>;

/** The events Ledgerbridge syncs, and the rest (a type or category it does not know) to log and skip. */
export function sortXeroEvents(events: ReceivedXeroEvent[]): {
  known: XeroWebhookEvent[];
  unknown: ReceivedXeroEvent[];
} {
  const known: XeroWebhookEvent[] = [];
  const unknown: ReceivedXeroEvent[] = [];
  for (const event of events) {
    if (isKnown(event)) known.push(event);
    else unknown.push(event);
  }
  return { known, unknown };
}

function isKnown(event: ReceivedXeroEvent): event is XeroWebhookEvent {
  return (
    (XERO_EVENT_TYPES as readonly string[]).includes(event.eventType) &&
    (XERO_EVENT_CATEGORIES as readonly string[]).includes(event.eventCategory)
  );
}
