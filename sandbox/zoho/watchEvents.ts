import { z } from 'zod';
import { moduleDef } from './modules';

/**
 * What a watch request may say (the SDK's notifications Notification: channel_id, events,
 * notify_url, token, channel_expiry, notify_on_related_action, return_affected_field_values,
 * _delete_events) and which events exist: `<Module>.<all|create|edit|delete>`, whose callbacks
 * name the operation `insert`, `update` or `delete`.
 */
export const OPERATIONS = { create: 'insert', edit: 'update', delete: 'delete' } as const;

export const watchItem = z.object({
  channel_id: z
    .union([z.string().regex(/^\d{1,19}$/), z.number().int().positive()])
    .transform(String)
    .optional(),
  events: z.array(z.string()).optional(),
  notify_url: z.url().optional(),
  token: z.string().max(50).nullable().optional(),
  channel_expiry: z.string().optional(),
  notify_on_related_action: z.boolean().optional(),
  return_affected_field_values: z.boolean().optional(),
  _delete_events: z.boolean().optional(),
});

export function validEvent(event: string): boolean {
  const [module = '', operation = '', ...rest] = event.split('.');
  const def = moduleDef(module);
  return (
    rest.length === 0 && def?.apiName === module && ['all', ...Object.keys(OPERATIONS)].includes(operation)
  );
}
