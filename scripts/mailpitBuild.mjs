// Builds Mailpit with its web UI into the per-user cache. Plain Node with no dependencies, like
// setup.mjs, which calls it before the repo's own npm install.
//
// `go install github.com/axllent/mailpit@<version>` gives a Mailpit whose web UI page is blank: the
// UI's compiled script and styles (server/ui/dist) are made with npm and esbuild in Mailpit's release
// process and are not in the Go module. So this copies the module's source out of Go's module cache,
// builds the UI with the module's own package.json and esbuild.config.mjs, and `go build`s that tree,
// whose `//go:embed ui` then carries server/ui/dist. A marker beside the binary says what it has.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Two versions in Mailpit v1.33.1's package-lock.json are not served by the npm registry reachable
 * here (404 on their tarballs), so `npm ci` stops. Neither is in the mail UI (app.js):
 * - sass-embedded 1.108.1 is only esbuild-sass-plugin's optional peer (the plugin compiles with `sass`
 *   unless told to embed): skipped with --omit=peer.
 * - rapidoc 12.1.0 draws the API docs page (docs.js, /api/v1/): the newest served, 9.3.8, instead.
 * Every other package keeps its locked version (checked after the install).
 */
const OMIT = ['--omit=peer'];
const SUBSTITUTES = { rapidoc: '9.3.8' };

/** The marker beside a built binary: `{ version, webUi, notes }`, or undefined for none or unreadable. */
export function readMailpitMarker(binary) {
  try {
    const marker = JSON.parse(readFileSync(`${binary}.build.json`, 'utf8'));
    return typeof marker.version === 'string' && typeof marker.webUi === 'boolean' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds Mailpit `version` of `module` into `target` (its web UI included when npm can build it).
 * Returns the path, or undefined when nothing usable was built. When the UI cannot be built and a
 * binary is already at `target`, that one is kept rather than rebuilt the same way.
 */
export function buildMailpit({ go, target, version, module, log }) {
  const logFile = path.join(path.dirname(path.dirname(target)), 'build.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const release = takeLock(`${path.dirname(target)}.lock`, log);
  const work = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-mailpit-'));
  const out = openSync(logFile, 'w');
  const run = (cmd, args, options = {}) =>
    spawnSync(cmd, args, { cwd: work, stdio: ['ignore', out, out], ...options }).status === 0;
  const timed = (label, fn) => {
    const started = Date.now();
    const ok = fn();
    log(`${label}: ${ok ? 'done' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
    return ok;
  };
  try {
    // Another process may have built it while we waited for the lock.
    if (existsSync(target) && readMailpitMarker(target)?.webUi) return target;
    log(`building Mailpit ${version} with its web UI into ${path.dirname(target)} (first time only;`);
    log(`about 3 minutes on 2 cores, half a minute of it npm). Its output: ${logFile}`);
    const source = moduleSource(go, module, version, work);
    if (!source) return fail(`go mod download ${module}@${version} failed`);
    const tree = path.join(work, 'mailpit');
    cpSync(source, tree, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', tree]); // the module cache is read-only

    const npmOk = timed('Mailpit UI: npm install from its package-lock', () => npmInstall(tree, run, log));
    const uiOk =
      npmOk &&
      timed('Mailpit UI: npm run build (esbuild)', () => run('npm', ['run', 'build'], { cwd: tree }));
    const webUi = uiOk && existsSync(path.join(tree, 'server', 'ui', 'dist', 'app.js'));
    if (!webUi && existsSync(target)) {
      log(`could not build Mailpit's web UI (see ${logFile}); keeping the Mailpit without it.`);
      return target;
    }
    if (!webUi) log(`could not build Mailpit's web UI (see ${logFile}); building Mailpit without it.`);

    const staging = path.join(work, 'bin');
    // The release's flags (Mailpit's Dockerfile): its version in the binary, no debug symbols.
    const ldflags = `-s -w -X ${module}/config.Version=${version}`;
    const built = timed('Mailpit: go build', () =>
      run(go, ['build', '-ldflags', ldflags, '-o', path.join(staging, 'mailpit'), '.'], {
        cwd: tree,
        env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      }),
    );
    if (!built) return fail(`go build of ${module}@${version} failed`);
    const notes = webUi
      ? ['built without sass-embedded (unused peer)', `rapidoc ${SUBSTITUTES.rapidoc} for the API docs page`]
      : ['web UI not built: see build.log'];
    writeFileSync(path.join(staging, 'mailpit.build.json'), `${JSON.stringify({ version, webUi, notes })}\n`);
    // Into place only when complete; the marker last, so it never describes an older binary.
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(path.join(staging, 'mailpit'), target);
    renameSync(path.join(staging, 'mailpit.build.json'), `${target}.build.json`);
    return target;
  } finally {
    closeSync(out);
    rmSync(work, { recursive: true, force: true });
    release();
  }

  function fail(msg) {
    log(`${msg} (see ${logFile}): no Mailpit this time.`);
    return undefined;
  }
}

/** The module's source directory in Go's module cache, downloading it through the Go proxy if needed. */
function moduleSource(go, module, version, cwd) {
  const result = spawnSync(go, ['mod', 'download', '-json', `${module}@${version}`], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) return undefined;
  const dir = JSON.parse(result.stdout).Dir;
  return typeof dir === 'string' && existsSync(path.join(dir, 'package-lock.json')) ? dir : undefined;
}

/** Mailpit's locked npm dependencies, less the two the registry lacks (see SUBSTITUTES). */
function npmInstall(tree, run, log) {
  const lockPath = path.join(tree, 'package-lock.json');
  const locked = JSON.parse(readFileSync(lockPath, 'utf8')).packages;
  for (const [name, version] of Object.entries(SUBSTITUTES))
    if (!run('npm', ['pkg', 'set', `dependencies.${name}=${version}`], { cwd: tree })) return false;
  const flags = [...OMIT, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  if (!run('npm', ['install', ...flags], { cwd: tree })) return false;
  // npm install re-resolves only what package.json changed; hold it to that.
  const installed = JSON.parse(readFileSync(lockPath, 'utf8')).packages;
  const moved = Object.keys(locked).filter((key) => {
    const name = key.replace(/^.*node_modules\//, '');
    if (key === '' || name in SUBSTITUTES || !installed[key]) return false;
    return installed[key].version !== locked[key].version;
  });
  if (moved.length > 0) log(`npm moved locked packages, so no web UI: ${moved.join(', ')}`);
  return moved.length === 0;
}

/**
 * One build at a time per cache (parallel jest workers may each ask setup for Mailpit). mkdir is
 * atomic; a lock older than 20 minutes is a dead build's and is taken over.
 */
function takeLock(lockDir, log) {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - statSync(lockDir).mtimeMs > 20 * 60_000)
        rmSync(lockDir, { recursive: true, force: true });
    } catch {
      // Released meanwhile: try again.
    }
    if (!told) log('another process is building Mailpit; waiting for it…');
    told = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_000);
  }
}
