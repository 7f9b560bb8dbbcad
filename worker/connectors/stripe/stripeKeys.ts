import { z } from 'zod';

/**
 * The two secrets an installation gives for its Stripe account. Only a restricted key (`rk_…`) is
 * taken: it can be limited to what Ledgerbridge reads, where a secret key (`sk_…`) can do anything
 * in the account. Its mode is in its prefix: `rk_test_` keys reach only Stripe's test data (and
 * the emulator), so they are refused where Stripe runs live.
 */
export type StripeMode = 'sandbox' | 'live';

export interface StripeKeys {
  apiKey: string;
  livemode: boolean;
  webhookSecret: string;
}

export class StripeKeyError extends Error {
  override name = 'StripeKeyError';
}

const restrictedKeySchema = z
  .string()
  .trim()
  .regex(/^(rk|sk|pk)_(live|test)_[A-Za-z0-9]{8,247}$/, {
    error: 'apiKey: expected a Stripe restricted key (rk_live_… or rk_test_…)',
  })
  .refine((key) => key.startsWith('rk_'), {
    error:
      'apiKey: give a restricted key (rk_…), not a secret or publishable key: Dashboard → Developers → API keys → Create restricted key',
  });

const webhookSecretSchema = z
  .string()
  .trim()
  .regex(/^whsec_[A-Za-z0-9+/=_-]{16,200}$/, {
    error:
      "webhookSecret: expected the endpoint's signing secret (whsec_…), shown on its page in the Dashboard",
  });

/** Validates both secrets for where Stripe runs; a refusal names the field and never echoes the value. */
export function parseStripeKeys(
  input: { apiKey: string; webhookSecret: string },
  mode: StripeMode,
): StripeKeys {
  const apiKey = restrictedKeySchema.safeParse(input.apiKey);
  if (!apiKey.success) throw new StripeKeyError(apiKey.error.issues[0]?.message ?? 'apiKey: invalid');
  const webhookSecret = webhookSecretSchema.safeParse(input.webhookSecret);
  if (!webhookSecret.success)
    throw new StripeKeyError(webhookSecret.error.issues[0]?.message ?? 'webhookSecret: invalid');
  const livemode = apiKey.data.startsWith('rk_live_');
  if (mode === 'live' && !livemode)
    throw new StripeKeyError(
      'apiKey: an rk_test_ key reaches only test data, and Stripe runs live here: give an rk_live_ key',
    );
  return { apiKey: apiKey.data, livemode, webhookSecret: webhookSecret.data };
}

/** What people may see of a key: its kind, mode and last four characters. */
export function keyHint(apiKey: string): string {
  return `${apiKey.slice(0, apiKey.indexOf('_', 3) + 1)}…${apiKey.slice(-4)}`;
}
