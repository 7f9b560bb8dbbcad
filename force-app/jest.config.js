/**
 * The Lightning Web Components' jest project (picked up by the root jest.config.js): sfdx-lwc-jest's
 * stock config, which compiles the TypeScript components and stubs the `lightning/*` modules, with
 * an accessibility matcher, our shared test helpers, and the Custom Labels' real text.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { XMLParser } = require('fast-xml-parser');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/**
 * sfdx-lwc-jest turns `import X from '@salesforce/label/c.Name'` into `require(...).default` and,
 * when nothing resolves, the string "c.Name". So that tests read what users read, each label of
 * CustomLabels.labels-meta.xml is written as a small JSON module `{ "default": value }` the import
 * is mapped to. A label missing from the file falls back to "c.Name", which a test then sees.
 */
function labelModules() {
  const file = path.join(__dirname, 'main/default/labels/CustomLabels.labels-meta.xml');
  const dir = path.join(os.tmpdir(), `ledgerbridge-lwc-labels-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) return dir;
  const parsed = new XMLParser({ isArray: (name) => name === 'labels', parseTagValue: false }).parse(
    fs.readFileSync(file, 'utf8'),
  );
  for (const label of parsed.CustomLabels?.labels ?? []) {
    const target = path.join(dir, `${label.fullName}.json`);
    const text = JSON.stringify({ default: String(label.value) });
    // Written only when changed: jest workers load this config at once.
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
      const temp = `${target}.${process.pid}`;
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, target);
    }
  }
  return dir;
}

module.exports = {
  ...jestConfig,
  displayName: 'lwc',
  rootDir: __dirname,
  roots: ['<rootDir>/main'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Fixtures are JSON; .ts before .js so the sources run, not the compiled files committed beside them.
  moduleFileExtensions: ['ts', 'js', 'html', 'json'],
  moduleNameMapper: { '^@salesforce/label/c\\.(.+)$': `${labelModules()}/$1.json` },
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/test/setup/sa11y.ts'],
};
