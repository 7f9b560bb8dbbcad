import { auth as googleAuth, sheets, type sheets_v4 } from '@googleapis/sheets';
import type { ServiceAccountKey } from './serviceAccountKey';
import { GOOGLE_OAUTH_ROOT, GOOGLE_SHEETS_ROOT, type SheetsEndpoints } from './sheetsEndpoints';
import { sheetsCallError } from './sheetsErrors';

const SPREADSHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

/** The three Sheets calls the audit sheet makes, over Google's SDK with a service account. */
export interface AuditSheetApi {
  /** The spreadsheet's tab titles (spreadsheets.get), to check access and the tab when enabling. */
  tabs(spreadsheetId: string): Promise<string[]>;
  /** Column A of the tab from row 1 (values.get): where the audit row IDs are. */
  readColumnA(spreadsheetId: string, tab: string): Promise<string[]>;
  /** Appends the rows after the tab's last row (values.append, RAW, INSERT_ROWS). */
  append(spreadsheetId: string, tab: string, rows: string[][]): Promise<{ updatedRows: number }>;
}

export function createAuditSheetApi(input: {
  key: ServiceAccountKey;
  endpoints: SheetsEndpoints;
  timeoutMs: number;
}): AuditSheetApi {
  const jwt = new googleAuth.JWT({
    email: input.key.client_email,
    key: input.key.private_key,
    keyId: input.key.private_key_id,
    scopes: [SPREADSHEETS_SCOPE],
  });
  const { endpoints } = input;
  if (endpoints.mode === 'sandbox') {
    // google-auth-library posts the signed assertion to Google's fixed token URL; the sandbox serves it.
    jwt.transporter.interceptors.request.add({
      resolved: (config) => {
        const url = String(config.url);
        if (url.startsWith(GOOGLE_OAUTH_ROOT))
          config.url = new URL(url.slice(GOOGLE_OAUTH_ROOT.length), `${endpoints.baseUrl}/`);
        return Promise.resolve(config);
      },
    });
  }
  const api = sheets({
    version: 'v4',
    auth: jwt,
    rootUrl: endpoints.mode === 'sandbox' ? `${endpoints.baseUrl}/` : GOOGLE_SHEETS_ROOT,
  });
  // Retries belong to the drain (paced under the quota), not to the SDK.
  const options = { retry: false, timeout: input.timeoutMs };
  const call = async <T>(fn: () => Promise<{ data: T }>): Promise<T> => {
    try {
      return (await fn()).data;
    } catch (err) {
      throw sheetsCallError(err);
    }
  };
  return {
    async tabs(spreadsheetId) {
      // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/get
      const data = await call<sheets_v4.Schema$Spreadsheet>(() =>
        api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties.title' }, options),
      );
      return (data.sheets ?? []).map((s) => s.properties?.title ?? '').filter(Boolean);
    },
    async readColumnA(spreadsheetId, tab) {
      // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/get
      const data = await call<sheets_v4.Schema$ValueRange>(() =>
        api.spreadsheets.values.get(
          {
            spreadsheetId,
            range: `${quoteTab(tab)}!A:A`,
            majorDimension: 'ROWS',
            valueRenderOption: 'UNFORMATTED_VALUE',
          },
          options,
        ),
      );
      return (data.values ?? []).map((row: unknown[]) => String(row[0] ?? ''));
    },
    async append(spreadsheetId, tab, rows) {
      // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append
      const data = await call<sheets_v4.Schema$AppendValuesResponse>(() =>
        api.spreadsheets.values.append(
          {
            spreadsheetId,
            range: `${quoteTab(tab)}!A:A`,
            valueInputOption: 'RAW',
            insertDataOption: 'INSERT_ROWS',
            requestBody: { majorDimension: 'ROWS', values: rows },
          },
          options,
        ),
      );
      return { updatedRows: data.updates?.updatedRows ?? 0 };
    },
  };
}

function quoteTab(tab: string): string {
  return /^[A-Za-z0-9_]+$/.test(tab) ? tab : `'${tab.replaceAll("'", "''")}'`;
}
