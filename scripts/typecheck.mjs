#!/usr/bin/env node
// Type-checks the whole repo: the root project (worker, workflows, sandbox, tests), then each CRM
// package that has its own tsconfig.json (force-app's LWCs, hubspot-project's TSX), which the root
// one excludes because they target other runtimes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = ['tsconfig.json', 'force-app/tsconfig.json', 'hubspot-project/tsconfig.json'].filter((p) =>
  existsSync(path.join(ROOT, p)),
);
let failed = false;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`typecheck failed: ${project}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
