import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const FORCE_APP = path.join(ROOT, 'force-app');
export const FIXTURES = path.join(__dirname, 'fixtures');

/** A throwaway Salesforce DX project: sfdx-project.json and force-app/main/default. */
export interface TempProject {
  dir: string;
  /** force-app/main/default inside it. */
  source: string;
  remove(): void;
}

export function tempProject(): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'lb-sf-check-'));
  const source = path.join(dir, 'force-app', 'main', 'default');
  mkdirSync(source, { recursive: true });
  writeFileSync(
    path.join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0' }),
  );
  return { dir, source, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a fixture folder's contents into the project's source folder. */
export function copyFixtures(project: TempProject, fixtureDir: string): void {
  cpSync(path.join(FIXTURES, fixtureDir), project.source, { recursive: true });
}

/** Copies the named Apex fixtures into classes/, each with its -meta.xml. */
export function copyApex(project: TempProject, ...classes: string[]): void {
  const dir = path.join(project.source, 'classes');
  mkdirSync(dir, { recursive: true });
  for (const name of classes) {
    copyFileSync(path.join(FIXTURES, 'apex', `${name}.cls`), path.join(dir, `${name}.cls`));
    copyFileSync(path.join(FIXTURES, 'apex', 'class.cls-meta.xml'), path.join(dir, `${name}.cls-meta.xml`));
  }
}
