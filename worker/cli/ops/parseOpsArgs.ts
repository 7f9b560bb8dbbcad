import { z } from 'zod';
import { parseReviewsArgs, REVIEWS_USAGE, type ReviewsCommand } from './reviews';
import { AUDIT_SHEET_USAGE, parseAuditSheetArgs, type AuditSheetCommand } from './auditSheet';
import { parseStripePaymentsArgs, STRIPE_PAYMENTS_USAGE, type StripePaymentsCommand } from './stripePayments';
import { COLLECTIONS_USAGE, parseCollectionsArgs, type CollectionsCommand } from './collections';
import { parsePortalLinksArgs, PORTAL_LINKS_USAGE, type PortalLinksCommand } from './portalLinks';
import { DELIVERY_USAGE, parseDeliveryArgs, type DeliveryCommand } from './deliveryArgs';
import { ORDERS_USAGE, parseOrdersArgs, type OrdersCommand } from './orders';

/** The ops commands and their arguments, validated before anything connects. */
export type OpsCommand =
  | { name: 'status' }
  | { name: 'failures'; limit: number }
  | { name: 'retry'; workflowId: string }
  | { name: 'skip'; workflowId: string; reason: string }
  | { name: 'audit-export'; since: Date; until: Date | undefined }
  | { name: 'parity' }
  | ReviewsCommand
  | AuditSheetCommand
  | StripePaymentsCommand
  | CollectionsCommand
  | PortalLinksCommand
  | DeliveryCommand
  | OrdersCommand
  | { name: 'help' };

export const OPS_USAGE = `Usage: npm run ops -- <command>
  status                               connections, and per flow: running, waiting for a person, failed
  failures [--limit N]                 records waiting for a person (with why), and failed workflows
  retry <workflowId>                   a waiting record tries again
  skip <workflowId> --reason "..."     a waiting record is left as it is (reason audited)
  audit-export --since <date> [--until <date>]   the audit trail as CSV on stdout
  parity                               a parity check now, for every Xero organisation and CRM
${REVIEWS_USAGE}
${AUDIT_SHEET_USAGE}
${STRIPE_PAYMENTS_USAGE}
${COLLECTIONS_USAGE}
${PORTAL_LINKS_USAGE}
${DELIVERY_USAGE}
${ORDERS_USAGE}`;

const date = (flag: string) =>
  z.coerce.date({ error: `${flag} must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z` });

/** Reads `--flag value` pairs after the positional arguments. */
function flags(args: string[]): { positional: string[]; named: Record<string, string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) named[arg.slice(2)] = args[++i] ?? '';
    else positional.push(arg);
  }
  return { positional, named };
}

export class OpsUsageError extends Error {
  override name = 'OpsUsageError';
}

export function parseOpsArgs(argv: string[]): OpsCommand {
  const [name, ...rest] = argv;
  const { positional, named } = flags(rest);
  const need = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new OpsUsageError(`${parsed.error.issues[0]?.message ?? 'invalid'}\n\n${OPS_USAGE}`);
    return parsed.data;
  };
  const workflowId = () =>
    need(
      z.string({ error: `${name} needs a workflow ID (see npm run ops -- failures)` }).min(1),
      positional[0],
    );
  switch (name) {
    case 'status':
    case 'parity':
      return { name };
    case 'failures':
      return {
        name,
        limit: need(
          z.coerce.number().int().positive({ error: '--limit must be a positive whole number' }),
          named.limit ?? 50,
        ),
      };
    case 'retry':
      return { name, workflowId: workflowId() };
    case 'skip':
      return {
        name,
        workflowId: workflowId(),
        reason: need(
          z
            .string({ error: 'skip needs --reason "why"' })
            .trim()
            .min(3, { error: 'skip needs --reason "why" (a few words)' }),
          named.reason,
        ),
      };
    case 'audit-export':
      return {
        name,
        since: need(date('--since'), named.since),
        until: named.until === undefined ? undefined : need(date('--until'), named.until),
      };
    case 'reviews':
    case 'resolve': {
      const parsed = parseReviewsArgs(name, positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'audit-sheet': {
      const parsed = parseAuditSheetArgs(positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'stripe-payments':
    case 'stripe-payment-resolve': {
      const parsed = parseStripePaymentsArgs(name, positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'portal-links': {
      const parsed = parsePortalLinksArgs(positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'delivery': {
      const parsed = parseDeliveryArgs(positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'orders': {
      const parsed = parseOrdersArgs(positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case 'receivables':
    case 'collection': {
      const parsed = parseCollectionsArgs(name, positional, named);
      if ('error' in parsed) throw new OpsUsageError(`${parsed.error}\n\n${OPS_USAGE}`);
      return parsed;
    }
    case undefined:
    case 'help':
    case '--help':
      return { name: 'help' };
    default:
      throw new OpsUsageError(`unknown command "${name}"\n\n${OPS_USAGE}`);
  }
}
