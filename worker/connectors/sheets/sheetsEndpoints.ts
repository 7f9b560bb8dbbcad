/** Google's Sheets API and token endpoint, or the sandbox emulator that serves both. */
export type SheetsEndpoints = { mode: 'live' } | { mode: 'sandbox'; baseUrl: string };

export const GOOGLE_SHEETS_ROOT = 'https://sheets.googleapis.com/';
export const GOOGLE_OAUTH_ROOT = 'https://oauth2.googleapis.com/';
