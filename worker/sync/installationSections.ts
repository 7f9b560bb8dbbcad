import { z } from 'zod';
import {
  deliverySettingsSchema,
  type DeliverySettings,
} from '../../workflows/domain/delivery/deliverySettings';
import { paymentSettingsSchema, type PaymentSettings } from '../../workflows/domain/stripe/paymentSettings';

/**
 * Sections of an installation's stored settings read on their own (MappingSettingsStore.loadInstallation
 * gives them unparsed): payments and collections (issue #22), delivery (issue #23). A missing section
 * is its defaults; a section that no longer validates throws, naming its fields, rather than being
 * taken for the defaults.
 */
const storedSections = z.object({ payments: z.unknown().optional(), delivery: z.unknown().optional() });

function sectionsOf(stored: unknown): z.infer<typeof storedSections> {
  const parsed = storedSections.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

export function paymentsSection(stored: unknown): PaymentSettings {
  return paymentSettingsSchema.parse(sectionsOf(stored).payments);
}

export function deliverySection(stored: unknown): DeliverySettings {
  return deliverySettingsSchema.parse(sectionsOf(stored).delivery);
}
