import { type Checker } from './settingsChecker';

export const DELIVERY_SENDERS = ['off', 'xero', 'ledgerbridge'] as const;
export const COLOUR_MESSAGE = 'must be a colour such as #1F6FEB';
export const LOGO_URL_MESSAGE = 'must be an https URL';
export const REPLY_TO_MESSAGE = 'must be an e-mail address';
const STRICTLY_INCREASING = 'must be strictly increasing';

/** The schema's defaults (workflows/domain/delivery/deliverySettings.ts), shown when nothing is saved. */
export const DEFAULT_DELIVERY = {
  sender: 'off',
  reminderDays: [-3, 0, 7, 14],
  fileInCrm: false,
  portalLinkDays: 30,
  brand: { colour: '#1F6FEB' },
};

// zod's z.email() pattern (zod/v4/core/regexes.js), so both accept the same addresses.
const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** A whole number within [min, max]: a wrong type aborts, a value out of range does not. */
function wholeNumber(c: Checker, value: unknown, path: string, min: number, max: number): void {
  const n = c.number(value, path, true);
  if (n !== undefined && n < min) c.check(path, `must be at least ${min}`);
  if (n !== undefined && n > max) c.check(path, `must be at most ${max}`);
}

/** As z.url({ protocol: /^https$/ }): parses once trimmed, and its scheme is https. */
function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Days relative to the due date: each within [-60, 365], at most 20, strictly increasing. */
function checkReminderDays(c: Checker, days: unknown): void {
  const path = 'delivery.reminderDays';
  if (days === undefined) return;
  if (!Array.isArray(days)) return c.typeError(path, 'must be a list of days');
  const before = c.issues.length;
  days.forEach((day, i) => wholeNumber(c, day, `${path}.${i}`, -60, 365));
  if (days.length > 20) c.check(path, 'must have at most 20 days');
  // As zod's refinement on the list: skipped when one of its days had the wrong type.
  if (c.issues.slice(before).some(([, , aborts]) => aborts)) return;
  const list = days as number[];
  if (!list.every((day, i) => i === 0 || day > (list[i - 1] ?? -Infinity)))
    c.check(path, STRICTLY_INCREASING);
}

/** The brand: name, accent colour, logo and reply-to address, each optional (colour has a default). */
function checkBrand(c: Checker, value: unknown): void {
  const brand = c.object(value, 'delivery.brand');
  if (!brand) return;
  if (brand.name !== undefined) {
    const name = typeof brand.name === 'string' ? brand.name.trim() : brand.name;
    if (typeof name !== 'string') c.typeError('delivery.brand.name', 'must be text');
    else if (name.length < 1) c.check('delivery.brand.name', 'must not be empty');
    else if (name.length > 100) c.check('delivery.brand.name', 'must be at most 100 characters');
  }
  if (brand.colour !== undefined) {
    if (typeof brand.colour !== 'string') c.typeError('delivery.brand.colour', 'must be text');
    else if (!/^#[0-9a-fA-F]{6}$/.test(brand.colour)) c.check('delivery.brand.colour', COLOUR_MESSAGE);
  }
  // The schema words every issue of these two its own way, a wrong type included.
  if (brand.logoUrl !== undefined) {
    if (typeof brand.logoUrl !== 'string') c.typeError('delivery.brand.logoUrl', LOGO_URL_MESSAGE);
    else if (!isHttpsUrl(brand.logoUrl)) c.check('delivery.brand.logoUrl', LOGO_URL_MESSAGE);
  }
  if (brand.replyTo !== undefined) {
    if (typeof brand.replyTo !== 'string') c.typeError('delivery.brand.replyTo', REPLY_TO_MESSAGE);
    else if (!EMAIL.test(brand.replyTo)) c.check('delivery.brand.replyTo', REPLY_TO_MESSAGE);
  }
}

/** The installation's `delivery` section (not strict: keys it does not know are dropped, as in zod). */
export function checkDelivery(c: Checker, value: unknown): void {
  if (value === undefined) return;
  const delivery = c.object(value, 'delivery');
  if (!delivery) return;
  if (delivery.sender !== undefined) c.oneOf(delivery.sender, DELIVERY_SENDERS, 'delivery.sender');
  checkReminderDays(c, delivery.reminderDays);
  if (delivery.fileInCrm !== undefined) c.boolean(delivery.fileInCrm, 'delivery.fileInCrm');
  if (delivery.portalLinkDays !== undefined)
    wholeNumber(c, delivery.portalLinkDays, 'delivery.portalLinkDays', 1, 90);
  checkBrand(c, delivery.brand);
}
