/** Environment variables through which globalSetup tells test files where the shared services are. */
export const TEST_ENV = {
  temporalAddress: 'LEDGERBRIDGE_TEST_TEMPORAL_ADDRESS',
  postgresUrl: 'LEDGERBRIDGE_TEST_POSTGRES_URL',
  workflowBundle: 'LEDGERBRIDGE_TEST_WORKFLOW_BUNDLE',
  pgliteSnapshot: 'LEDGERBRIDGE_TEST_PGLITE_SNAPSHOT',
  temporalCli: 'LEDGERBRIDGE_TEST_TEMPORAL_CLI',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value)
    throw new Error(`${TEST_ENV[name]} is not set: run the tests through jest's globalSetup (npm test)`);
  return value;
}
