import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resolveObjectType } from './objectTypes';

/** The HubSpot project's webhook component: the subscriptions HubSpot gives the app on upload. */
export const PROJECT_WEBHOOKS_FILE = path.resolve(
  __dirname,
  '../../hubspot-project/src/app/webhooks/webhooks-hsmeta.json',
);

const entry = z.object({
  subscriptionType: z.string(),
  propertyName: z.string().optional(),
  active: z.boolean().default(true),
});
const hsmetaSchema = z.object({
  type: z.literal('webhooks'),
  config: z.object({
    subscriptions: z.object({
      crmObjects: z.array(entry).default([]),
      legacyCrmObjects: z.array(entry).default([]),
    }),
  }),
});

export interface EmulatedSubscription {
  subscriptionType: string;
  propertyName?: string;
  active: boolean;
}

/**
 * The project's subscriptions in the emulator's terms. Only the `legacyCrmObjects` form
 * (`deal.creation`, `line_item.propertyChange` + property) is emulated: the generic `crmObjects`
 * form delivers another payload (`object.*` with an `objectTypeId`), so a project using it is
 * refused here rather than answered with events HubSpot would not send.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */
export function subscriptionsFromHsmeta(json: unknown): EmulatedSubscription[] {
  const { crmObjects, legacyCrmObjects } = hsmetaSchema.parse(json).config.subscriptions;
  if (crmObjects.length > 0)
    throw new Error('the emulator delivers legacyCrmObjects subscriptions only, not crmObjects');
  return legacyCrmObjects.map((s) => {
    if (!resolveObjectType(s.subscriptionType.split('.')[0]))
      throw new Error(`unknown object in subscription ${s.subscriptionType}`);
    return {
      subscriptionType: s.subscriptionType,
      ...(s.propertyName === undefined ? {} : { propertyName: s.propertyName }),
      active: s.active,
    };
  });
}

/** Read from the project file each time, so an edit there is what the emulator subscribes. */
export function projectSubscriptions(file = PROJECT_WEBHOOKS_FILE): EmulatedSubscription[] {
  return subscriptionsFromHsmeta(JSON.parse(readFileSync(file, 'utf8')) as unknown);
}
