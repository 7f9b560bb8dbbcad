/**
 * The Lightning Web Components' jest project (picked up by the root jest.config.js): sfdx-lwc-jest's
 * stock config, which compiles the TypeScript components and stubs the `lightning/*` modules, with
 * an accessibility matcher and our shared test helpers.
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  displayName: 'lwc',
  rootDir: __dirname,
  roots: ['<rootDir>/main'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Fixtures are JSON; .ts before .js so the sources run even where a build left compiled files.
  moduleFileExtensions: ['ts', 'js', 'html', 'json'],
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/test/setup/sa11y.ts'],
};
