import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { SecretBox } from '../connections/secretBox';
import type { StripeEndpoints } from '../connectors/stripe/stripeClient';
import { StripeConnections } from '../connectors/stripe/stripeConnections';
import type { StripeMode } from '../connectors/stripe/stripeKeys';
import { stripeModeOf } from '../connectors/stripe/stripeMode';
import type { Database } from '../store/schema';
import { stripeEventDispatcher, type StripeEventDispatch } from '../webhooks/stripeEventDispatcher';
import { StripeEventLedger } from '../webhooks/stripeEventLedger';

/** Everything Stripe the worker is built from, made once in the composition root (worker/app.ts). */
export interface StripeServices {
  mode: StripeMode;
  /** Where the SDK calls: Stripe, or the emulator while the deployment runs in the sandbox. */
  endpoints: StripeEndpoints;
  connections: StripeConnections;
  ledger: StripeEventLedger;
  /** Hands an accepted event to its object's workflow (signal-with-start). */
  dispatch: StripeEventDispatch;
}

export function stripeServicesFrom(input: {
  db: Kysely<Database>;
  box: SecretBox;
  config: Pick<Config, 'vendors'>;
  client: Client;
  taskQueue: string;
  /** The emulator's URL when npm start runs it (else the configured sandbox port). */
  sandboxUrl?: string | undefined;
}): StripeServices {
  const mode = stripeModeOf(input.config);
  return {
    mode,
    endpoints:
      mode === 'live'
        ? { mode: 'live' }
        : { mode: 'sandbox', baseUrl: input.sandboxUrl ?? input.config.vendors.sandbox.stripeUrl },
    connections: new StripeConnections(input.db, input.box),
    ledger: new StripeEventLedger(input.db),
    dispatch: stripeEventDispatcher(input.client, input.taskQueue),
  };
}
