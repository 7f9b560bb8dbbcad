export {
  createSheetsEmulator,
  DEFAULT_SHEETS_QUOTA,
  type SheetsEmulator,
  type SheetsQuota,
  type SheetsSeedResult,
} from './emulator';
export {
  GOOGLE_TOKEN_AUDIENCE,
  SANDBOX_SERVICE_ACCOUNT_DOMAIN,
  type ServiceAccountKeyFile,
} from './serviceAccounts';
