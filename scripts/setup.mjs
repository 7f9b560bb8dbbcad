#!/usr/bin/env node
// Sets up whatever a fresh clone is missing, then hands over. Plain Node with no dependencies,
// because it runs before `npm ci` has.
//
//   node scripts/setup.mjs                    install npm deps + Temporal CLI + Mailpit, nothing else
//   node scripts/setup.mjs --then start       ... then run the main job (npm start)
//   node scripts/setup.mjs --then test [...]  ... then jest with the remaining arguments (npm test)
//   node scripts/setup.mjs --temporal-path    print the Temporal CLI path (building it if needed)
//   node scripts/setup.mjs --mailpit-path     print the Mailpit path (building it if needed)
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMailpit, readMailpitMarker } from './mailpitBuild.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The newest Temporal CLI release whose go.mod has no `replace` directive (which `go install pkg@version` refuses).
const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
// Mailpit catches the demo's invoice e-mails (SMTP in, web UI and API out); built with its UI by mailpitBuild.mjs.
const MAILPIT_VERSION = 'v1.33.1';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';

const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node ${process.versions.node} is too old: Ledgerbridge needs Node 20.19+ (see .nvmrc).`);
  }
}

/**
 * Installs the locked dependencies when node_modules is missing or was installed from a different
 * package-lock.json. Not `npm ci`: the registry reachable here omits other platforms' optional
 * binaries (@swc/core-darwin-*, …), so the lock cannot list them and `npm ci` calls it out of sync.
 * `npm install --no-save` installs exactly the locked versions and never rewrites the lock.
 */
function ensureNodeModules() {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules', '.ledgerbridge-lock-sha256');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log('installing npm dependencies from package-lock.json…');
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail('npm install failed');
  writeFileSync(stamp, want);
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'ledgerbridge', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

/**
 * TEMPORAL_CLI_PATH, else `temporal` on PATH, else the per-user cache (outside the clone, so CI and
 * later clones on this machine reuse it), else build it there with `go install`. Returns undefined
 * only when none of these is possible; the caller may then fall back to the SDK's own download.
 */
function resolveTemporalCli() {
  if (process.env.TEMPORAL_CLI_PATH) {
    if (!existsSync(process.env.TEMPORAL_CLI_PATH))
      fail(`TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH} does not exist`);
    return process.env.TEMPORAL_CLI_PATH;
  }
  const onPath = which('temporal');
  if (onPath) return onPath;
  const cached = path.join(cacheDir(), 'bin', 'temporal');
  if (existsSync(cached)) return cached;
  const go = which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    log(
      'no Temporal CLI and no Go toolchain: the Temporal SDK will download its dev server (needs internet).',
    );
    return undefined;
  }
  buildTemporalCli(go, cached);
  return cached;
}

function buildTemporalCli(go, target) {
  const staging = `${path.dirname(target)}.partial-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${path.dirname(target)}`);
  log('first time only: takes about 4 minutes on 2 cores; later runs reuse it.');
  const started = Date.now();
  const ticker = setInterval(
    () => log(`…still building (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  const result = spawnSync(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  clearInterval(ticker);
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    fail(`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} failed (exit ${result.status})`);
  }
  // Move into place only when complete, so an interrupted build never leaves a half binary behind.
  mkdirSync(path.dirname(target), { recursive: true });
  renameSync(path.join(staging, 'temporal'), target);
  rmSync(staging, { recursive: true, force: true });
  log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * MAILPIT_PATH, else `mailpit` on PATH, else the per-user cache beside the Temporal CLI's, else built
 * there (scripts/mailpitBuild.mjs: Mailpit's web UI with npm, then `go build`; once, about 3 minutes
 * on 2 cores). A cached binary without the web UI (an older `go install` build, or npm failed) is
 * rebuilt. Undefined without Go: whatever starts Mailpit then fails saying so (mailpitServer.ts).
 */
function resolveMailpit() {
  if (process.env.MAILPIT_PATH) {
    if (!existsSync(process.env.MAILPIT_PATH))
      fail(`MAILPIT_PATH=${process.env.MAILPIT_PATH} does not exist`);
    return process.env.MAILPIT_PATH;
  }
  const onPath = which('mailpit');
  if (onPath) return onPath;
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  const cached = path.join(base, 'ledgerbridge', 'mailpit', MAILPIT_VERSION, 'bin', 'mailpit');
  const marker = readMailpitMarker(cached);
  if (existsSync(cached) && marker?.version === MAILPIT_VERSION && marker.webUi) return cached;
  const go = which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    if (existsSync(cached)) return cached;
    log('no Mailpit and no Go toolchain: set MAILPIT_PATH to a Mailpit binary for the demo e-mails.');
    return undefined;
  }
  // Not fatal when it fails: only the sandbox's e-mail needs Mailpit, and what starts it says so.
  return buildMailpit({ go, target: cached, version: MAILPIT_VERSION, module: MAILPIT_MODULE, log });
}

/**
 * The store's tests also run against a real PostgreSQL, which they start themselves from the server
 * binaries (initdb/pg_ctl). Install Debian's package when they are missing and we may.
 */
function ensurePostgresBinaries() {
  if (process.env.TEST_DATABASE_URL) return;
  const hasBinaries =
    which('pg_ctl') ||
    (existsSync('/usr/lib/postgresql') &&
      spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/pg_ctl'], { stdio: 'ignore' }).status === 0);
  if (hasBinaries) return;
  if (process.getuid?.() === 0 && which('apt-get')) {
    log('installing PostgreSQL server binaries for the store tests (apt-get install postgresql)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
    if (r.status === 0) return;
  }
  fail(
    'PostgreSQL server binaries not found: install PostgreSQL 15+ (Debian: apt-get install postgresql) or set TEST_DATABASE_URL.',
  );
}

/**
 * The Temporal UI screenshot test drives Debian's Chromium headless (playwright-core downloads no
 * browser). Install it when missing and we may; otherwise that test fails saying so.
 */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0 && which('apt-get')) {
    log('installing Chromium for the Temporal UI screenshot test (apt-get install chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
}

/**
 * The Salesforce offline checks run Code Analyzer's PMD engine and the Apex language server, both
 * Java. Install a JRE when missing and we may; otherwise those tests fail saying so.
 */
function ensureJava() {
  if (which('java')) return;
  if (process.getuid?.() === 0 && which('apt-get')) {
    log('installing Java for the Salesforce offline checks (apt-get install openjdk-17-jre-headless)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'openjdk-17-jre-headless'], { stdio: 'inherit', env });
  }
}

/**
 * The worker's V8 heap: under Node's default limit (4 GB here) V8 let uncollected garbage grow to
 * about four times the live heap before collecting, which was the worker's peak memory (about 480 MB
 * in bench:latency, 310–330 MB with these; bench/workerMemory.md). 512 MB leaves the backfill room.
 */
const WORKER_HEAP_FLAGS = '--max-old-space-size=512 --max-semi-space-size=4';

/** Runs a binary from node_modules/.bin, forwarding SIGTERM, and exits with its status. */
function handOver(bin, args, env) {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', bin), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  // The terminal's Ctrl-C reaches the child directly (same process group); we only wait for it.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  const argv = process.argv.slice(2);
  checkNode();
  if (argv[0] === '--temporal-path') {
    const cli = resolveTemporalCli();
    if (!cli) process.exit(1);
    process.stdout.write(`${cli}\n`);
    return;
  }
  if (argv[0] === '--mailpit-path') {
    const mailpit = resolveMailpit();
    if (!mailpit) process.exit(1);
    process.stdout.write(`${mailpit}\n`);
    return;
  }
  ensureNodeModules();
  const env = { ...process.env };
  if (!env.TEMPORAL_ADDRESS || argv[1] === 'test') {
    const cli = resolveTemporalCli();
    if (cli) env.TEMPORAL_CLI_PATH = cli;
  }
  const mailpit = resolveMailpit();
  if (mailpit) env.MAILPIT_PATH = mailpit;
  if (argv[0] !== '--then') return;
  if (argv[1] === 'start') {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${WORKER_HEAP_FLAGS}`.trim();
    return handOver('tsx', ['worker/main.ts', ...argv.slice(2)], env);
  }
  if (argv[1] === 'test') ensurePostgresBinaries();
  if (argv[1] === 'test') ensureChromium();
  if (argv[1] === 'test') ensureJava();
  if (argv[1] === 'test') {
    // PGlite loads its WebAssembly with a dynamic import, which jest's VM allows only with this flag.
    env.NODE_OPTIONS =
      `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim();
    return handOver('jest', argv.slice(2), env);
  }
  fail(`unknown target "${argv[1]}" (expected start or test)`);
}

main();
