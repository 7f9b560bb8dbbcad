/**
 * Points the HubSpot project at the worker: `npm run hubspot:set-worker-url -- https://lb.example.com`
 * (your PUBLIC_BASE_URL). Writes the one URL into every place that names it: the cards' WORKER_URL,
 * the app's permitted fetch URL and OAuth redirect URL, and the webhook target. HubSpot only lets
 * cards fetch HTTPS URLs that are not localhost.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';
import { z } from 'zod';

const SRC = path.resolve(__dirname, '../hubspot-project/src/app');
const urlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .refine((u) => !/^https:\/\/(localhost|127\.)/.test(u), 'HubSpot refuses localhost')
  .transform((u) => u.replace(/\/+$/, ''));

const appSchema = z.looseObject({
  config: z.looseObject({
    permittedUrls: z.looseObject({ fetch: z.array(z.string()) }),
    auth: z.looseObject({ redirectUrls: z.array(z.string()) }),
  }),
});
const webhooksSchema = z.looseObject({
  config: z.looseObject({ settings: z.looseObject({ targetUrl: z.string() }) }),
});

async function editJson<T>(file: string, schema: z.ZodType<T>, edit: (json: T) => void): Promise<void> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  const json = schema.parse(raw);
  edit(json);
  const options = (await prettier.resolveConfig(file)) ?? {};
  await writeFile(
    file,
    await prettier.format(JSON.stringify(inOrderOf(raw, json)), { ...options, filepath: file }),
  );
}

/** The edited value with its keys in the file's original order (zod's output puts known keys first). */
function inOrderOf(original: unknown, edited: unknown): unknown {
  if (Array.isArray(edited))
    return edited.map((v, i) => inOrderOf(Array.isArray(original) ? original[i] : undefined, v));
  if (!edited || typeof edited !== 'object') return edited;
  const before = original && typeof original === 'object' ? Object.keys(original) : [];
  const keys = [...new Set([...before.filter((k) => k in edited), ...Object.keys(edited)])];
  return Object.fromEntries(
    keys.map((k) => [
      k,
      inOrderOf(
        (original as Record<string, unknown> | undefined)?.[k],
        (edited as Record<string, unknown>)[k],
      ),
    ]),
  );
}

async function run(): Promise<void> {
  const parsed = urlSchema.safeParse(process.argv[2]);
  if (!parsed.success)
    throw new Error(
      `usage: npm run hubspot:set-worker-url -- https://your-worker (${parsed.error.issues[0]?.message})`,
    );
  const url = parsed.data;
  await editJson(path.join(SRC, 'app-hsmeta.json'), appSchema, (app) => {
    app.config.permittedUrls.fetch = [url];
    app.config.auth.redirectUrls = [`${url}/oauth/hubspot/callback`];
  });
  await editJson(path.join(SRC, 'webhooks/webhooks-hsmeta.json'), webhooksSchema, (hooks) => {
    hooks.config.settings.targetUrl = `${url}/webhooks/hubspot`;
  });
  const workerUrlFile = path.join(SRC, 'cards/lib/workerUrl.ts');
  const source = await readFile(workerUrlFile, 'utf8');
  await writeFile(workerUrlFile, source.replace(/WORKER_URL = '[^']*'/, `WORKER_URL = '${url}'`));
  console.warn(`HubSpot project now points at ${url}`);
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
