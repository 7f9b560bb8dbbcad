/**
 * Jest: one run, several projects. `node` is the worker, workflows and sandbox, TypeScript through
 * @swc/jest, with one real Temporal dev server and PostgreSQL for the whole run (its globalSetup
 * only starts when one of its tests is selected). The CRM packages add their own projects, each
 * from a config file in its folder.
 */
const fs = require('node:fs');
const path = require('node:path');

const nodeProject = {
  displayName: 'node',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // TypeScript first: force-app's components are imported from their .ts, not the .js build:lwc puts beside it.
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json', 'node'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};

// force-app/jest.config.js (Lightning Web Components) and hubspot-project/jest.config.js (UI extensions).
const packageProjects = ['force-app', 'hubspot-project']
  .map((dir) => path.join(__dirname, dir, 'jest.config.js'))
  .filter((file) => fs.existsSync(file))
  .map((file) => require(file));

/** @type {import('jest').Config} */
module.exports = {
  projects: [nodeProject, ...packageProjects],
  testTimeout: 60_000,
  maxWorkers: 2,
};
