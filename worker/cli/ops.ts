import type { Client } from '@temporalio/client';
import { loadConfig } from '../config';
import { openStore, type Store } from '../store/store';
import { connectClient } from '../temporal/connection';
import { auditExportCommand } from './ops/auditExport';
import { auditSheetCommand } from './ops/auditSheet';
import { sheetsModeOf } from '../auditSheet/sheetsMode';
import { loadSecretBox } from '../connections/keyring';
import { retryCommand, skipCommand } from './ops/decide';
import { failuresCommand } from './ops/failures';
import type { OpsContext } from './ops/opsContext';
import { parityCommand } from './ops/parity';
import { opsReviewDesk } from './ops/reviewDeskOfOps';
import { resolveCommand, reviewsCommand } from './ops/reviews';
import { OPS_USAGE, OpsUsageError, parseOpsArgs, type OpsCommand } from './ops/parseOpsArgs';
import { statusCommand } from './ops/status';
import { stripePaymentResolveCommand, stripePaymentsCommand } from './ops/stripePayments';
import { collectionDecisionCommand, receivablesCommand } from './ops/collections';
import { portalLinksCommand } from './ops/portalLinks';
import { deliveryCommand } from './ops/delivery';
import { ordersCommand } from './ops/orders';

/**
 * `npm run ops -- <command>`: find, understand and fix syncs from a terminal, against the Temporal
 * server and store the worker uses (in the embedded mode the store is PGlite, which belongs to one
 * process: run store commands while `npm start` is stopped, or use DATABASE_URL).
 */
export async function runOps(command: OpsCommand, ctx: OpsContext): Promise<void> {
  switch (command.name) {
    case 'help':
      return ctx.write(`${OPS_USAGE}\n`);
    case 'status':
      return statusCommand(ctx);
    case 'failures':
      return failuresCommand(ctx, { limit: command.limit });
    case 'retry':
      return retryCommand(ctx, command.workflowId);
    case 'skip':
      return skipCommand(ctx, command.workflowId, command.reason);
    case 'audit-export':
      await auditExportCommand(ctx, {
        since: command.since,
        ...(command.until ? { until: command.until } : {}),
      });
      return;
    case 'parity':
      return parityCommand(ctx);
    case 'audit-sheet':
      return auditSheetCommand(ctx, command);
    case 'reviews':
      return reviewsCommand(ctx, command.installation);
    case 'resolve':
      return resolveCommand(ctx, command.request);
    case 'stripe-payments':
      return stripePaymentsCommand(ctx, command);
    case 'stripe-payment-resolve':
      return stripePaymentResolveCommand(ctx, command);
    case 'receivables':
      return receivablesCommand(ctx, command);
    case 'collection':
      return collectionDecisionCommand(ctx, command);
    case 'portal-links':
      return portalLinksCommand(ctx, command);
    case 'delivery':
      return deliveryCommand(ctx, command);
    case 'orders':
      return ordersCommand(ctx, command);
  }
}

async function main(): Promise<void> {
  const command = parseOpsArgs(process.argv.slice(2));
  const config = loadConfig();
  let store: Store | undefined;
  let temporal: { client: Client; close(): Promise<void> } | undefined;
  const ctx: OpsContext = {
    taskQueue: config.temporal.taskQueue,
    auditSheetEnv: async () => ({ box: await loadSecretBox(config.encryption), mode: sheetsModeOf(config) }),
    write: (text) => process.stdout.write(text),
    db: async () => (store ??= await openStore(config.store)).db,
    client: async () => {
      temporal ??= await connectClient(config.temporal, config.operations).catch((err: unknown) => {
        throw new Error(
          `cannot reach Temporal (${err instanceof Error ? err.message : String(err)}): is npm start running, or TEMPORAL_ADDRESS set?`,
        );
      });
      return temporal.client;
    },
    reviewDesk: async () =>
      opsReviewDesk(config, (store ??= await openStore(config.store)), () => ctx.client()),
  };
  try {
    await runOps(command, ctx);
  } finally {
    await temporal?.close();
    await store?.close();
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof OpsUsageError || err instanceof Error ? err.message : err);
    process.exit(1);
  });
