import { z } from 'zod';
import { SandboxClock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { bearerToken, send } from '../core/http';
import { RateLimiter } from '../core/rateLimiter';
import type { Emulator, SandboxContext } from '../core/server';
import { parseA1, type A1Range } from './a1Range';
import { checkQuery, scopeAllows, type SheetsMethodId } from './discovery';
import { googleError } from './googleErrors';
import { ServiceAccounts, type ServiceAccountKeyFile } from './serviceAccounts';
import { appendRows, readRange, tabOf, Workbooks, type CellValue } from './workbooks';

/**
 * Per-minute quotas per user (a service account is a user): Google's defaults are 60 read and 60
 * write requests a minute (https://developers.google.com/workspace/sheets/api/limits). `scale`
 * shrinks the minute so tests meet the limit in a second.
 */
export interface SheetsQuota {
  readsPerMinute: number;
  writesPerMinute: number;
  scale?: number;
}

export const DEFAULT_SHEETS_QUOTA: SheetsQuota = { readsPerMinute: 60, writesPerMinute: 60 };

export interface SheetsEmulator extends Emulator {
  clock: SandboxClock;
  serviceAccounts: ServiceAccounts;
  workbooks: Workbooks;
  /** A service account with a spreadsheet shared with it (tab `Audit`): what the demo and tests use. */
  seedDataset(params?: {
    spreadsheetId?: string;
    account?: string;
    key?: ServiceAccountKeyFile;
  }): SheetsSeedResult;
}

export interface SheetsSeedResult {
  spreadsheetId: string;
  key: ServiceAccountKeyFile;
}

const spreadsheetInput = z.object({
  spreadsheetId: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/),
  title: z.string().min(1).default('Ledgerbridge audit'),
  tabs: z.array(z.string().min(1)).min(1).default(['Audit']),
  editors: z.array(z.email()).default([]),
});
const valueRangeBody = z.strictObject({
  range: z.string().optional(),
  majorDimension: z.enum(['DIMENSION_UNSPECIFIED', 'ROWS', 'COLUMNS']).optional(),
  values: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))).default([]),
});

export function createSheetsEmulator(
  options: { clock?: SandboxClock; seed?: number; quota?: SheetsQuota } = {},
): SheetsEmulator {
  const clock = options.clock ?? new SandboxClock();
  const quota = options.quota ?? DEFAULT_SHEETS_QUOTA;
  const limiter = (limit: number) =>
    new RateLimiter(
      { windows: [{ name: 'minute', limit, windowMs: 60_000 }], scale: quota.scale ?? 1 },
      clock,
    );
  const reads = limiter(quota.readsPerMinute);
  const writes = limiter(quota.writesPerMinute);
  const serviceAccounts = new ServiceAccounts(clock);
  const workbooks = new Workbooks();
  let seeded = 0;

  /** Token, scope, quota and discovery checks every Sheets call passes, in Google's order. */
  const admit = (ctx: SandboxContext, method: SheetsMethodId, kind: 'read' | 'write'): string => {
    const holder = serviceAccounts.holder(bearerToken(ctx.req));
    if (!holder)
      throw googleError(
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    if (!scopeAllows(method, holder.scopes))
      throw googleError('PERMISSION_DENIED', 'Request had insufficient authentication scopes.');
    const admission = (kind === 'read' ? reads : writes).tryAcquire(holder.email);
    if (!admission.ok) {
      const metric = kind === 'read' ? 'Read requests' : 'Write requests';
      // Google sends no Retry-After with this 429 (the core's injected rate_limit fault does).
      throw googleError(
        'RESOURCE_EXHAUSTED',
        `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:0'.`,
        [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: {
              service: 'sheets.googleapis.com',
              quota_metric: `sheets.googleapis.com/${kind}_requests`,
            },
          },
        ],
      );
    }
    admission.release();
    checkQuery(method, ctx.url.searchParams);
    return holder.email;
  };

  const rangeOf = (raw: string): A1Range => {
    const range = parseA1(raw);
    if (!range) throw googleError('INVALID_ARGUMENT', `Unable to parse range: ${raw}`);
    return range;
  };

  const emulator: SheetsEmulator = {
    name: 'sheets',
    clock,
    serviceAccounts,
    workbooks,
    faults: new FaultInjector(options.seed ?? 42),
    routes(on) {
      // https://developers.google.com/identity/protocols/oauth2/service-account#httprest
      on('POST', '/token', ({ res, body }) => send(res, 200, serviceAccounts.grant(body)));
      on('GET', '/v4/spreadsheets/:spreadsheetId', (ctx) => {
        const email = admit(ctx, 'sheets.spreadsheets.get', 'read');
        const workbook = workbooks.open(ctx.params.spreadsheetId ?? '', email);
        send(ctx.res, 200, {
          spreadsheetId: workbook.spreadsheetId,
          properties: { title: workbook.title, locale: 'en_US', timeZone: 'Etc/GMT' },
          sheets: [...workbook.tabs.keys()].map((title, index) => ({
            properties: { sheetId: index, title, index },
          })),
          spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${workbook.spreadsheetId}/edit`,
        });
      });
      on('GET', '/v4/spreadsheets/:spreadsheetId/values/:range', (ctx) => {
        const email = admit(ctx, 'sheets.spreadsheets.values.get', 'read');
        const workbook = workbooks.open(ctx.params.spreadsheetId ?? '', email);
        const raw = ctx.params.range ?? '';
        const range = rangeOf(raw);
        const read = readRange(tabOf(workbook, range, raw), range);
        // Google leaves `values` out when the range holds nothing.
        send(ctx.res, 200, {
          range: read.range,
          majorDimension: 'ROWS',
          ...(read.values.length ? { values: read.values } : {}),
        });
      });
      on('POST', '/v4/spreadsheets/:spreadsheetId/values/:range', (ctx) => {
        const raw = ctx.params.range ?? '';
        if (!raw.endsWith(':append')) throw googleError('NOT_FOUND', 'Requested entity was not found.');
        const email = admit(ctx, 'sheets.spreadsheets.values.append', 'write');
        const valueInputOption = ctx.url.searchParams.get('valueInputOption');
        if (valueInputOption !== 'RAW' && valueInputOption !== 'USER_ENTERED')
          throw googleError('INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
        const parsed = valueRangeBody.safeParse(ctx.body ?? {});
        if (!parsed.success)
          throw googleError(
            'INVALID_ARGUMENT',
            `Invalid JSON payload received. ${parsed.error.issues[0]?.message ?? ''}`,
          );
        const workbook = workbooks.open(ctx.params.spreadsheetId ?? '', email);
        const rangeText = raw.slice(0, -':append'.length);
        const range = rangeOf(rangeText);
        const values = parsed.data.values.map((row) => row.map((c): CellValue => c ?? ''));
        const written = appendRows(tabOf(workbook, range, rangeText), range, values);
        send(ctx.res, 200, {
          spreadsheetId: workbook.spreadsheetId,
          ...(written.tableRange ? { tableRange: written.tableRange } : {}),
          updates: {
            spreadsheetId: workbook.spreadsheetId,
            updatedRange: written.updatedRange,
            updatedRows: written.updatedRows,
            updatedColumns: written.updatedColumns,
            updatedCells: written.updatedCells,
          },
        });
      });
    },
    controlRoutes(on) {
      on('POST', '/service-accounts', ({ res, body }) => {
        const { name } = z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{5,29}$/) }).parse(body);
        send(res, 201, serviceAccounts.create(name));
      });
      on('POST', '/spreadsheets', ({ res, body }) => {
        const workbook = workbooks.create(spreadsheetInput.parse(body));
        send(res, 201, { spreadsheetId: workbook.spreadsheetId });
      });
    },
    reset() {
      serviceAccounts.reset();
      workbooks.reset();
      reads.reset();
      writes.reset();
      clock.reset();
      seeded = 0;
    },
    seed: (params) =>
      emulator.seedDataset(z.object({ spreadsheetId: z.string().optional() }).parse(params ?? {})),
    seedDataset(params = {}) {
      seeded++;
      const key = params.key
        ? serviceAccounts.register(params.key)
        : serviceAccounts.create(params.account ?? `ledgerbridge-audit-${seeded}`);
      const spreadsheetId = params.spreadsheetId ?? `sandboxAuditSheet${String(seeded).padStart(4, '0')}`;
      workbooks.create({
        spreadsheetId,
        title: 'Ledgerbridge audit',
        tabs: ['Audit'],
        editors: [key.client_email],
      });
      return { spreadsheetId, key };
    },
    state: () => ({
      spreadsheets: workbooks.all().map((w) => ({
        spreadsheetId: w.spreadsheetId,
        title: w.title,
        editors: [...w.editors],
        tabs: Object.fromEntries(w.tabs),
      })),
    }),
  };
  return emulator;
}
