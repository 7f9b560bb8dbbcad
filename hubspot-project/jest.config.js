/**
 * The HubSpot project's jest project (the root jest.config.js picks it up): the UI extension
 * components rendered with HubSpot's own test renderer (`@hubspot/ui-extensions/testing`).
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'hubspot',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // The ui-extensions package and its dependencies ship ES modules.
  transformIgnorePatterns: ['/node_modules/(?!(@hubspot/ui-extensions|@remote-ui|tinyspy)/)'],
};
