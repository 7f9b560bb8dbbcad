import { startDevServer } from '../../../worker/temporal/devServer';

/**
 * Starts a dev server the way the worker does and prints "ready <pid>", then idles: a process for the
 * orphan test to kill outright. Run with tsx; DS_CLI, DS_PORT and DS_DB_FILE come from the test.
 */
async function main(): Promise<void> {
  const port = Number(process.env.DS_PORT);
  const server = await startDevServer({
    cliPath: process.env.DS_CLI ?? 'temporal',
    port,
    uiPort: port + 1,
    headless: true,
    dbFile: process.env.DS_DB_FILE as string,
  });
  // tsx runs this file in a child process of its own: the pid to kill is this one.
  process.stdout.write(`ready ${process.pid} ${server.address}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
