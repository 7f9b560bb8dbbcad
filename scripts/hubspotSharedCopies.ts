/**
 * The HubSpot project is uploaded on its own (`hs project upload` sends hubspot-project/ only and
 * HubSpot builds the TSX there), so it cannot import the worker's modules. The few definitions it
 * shares with the worker (the mapping settings schema, the cards' data contract) are generated into
 * it from their one source by this script, never edited by hand; a unit test fails when a copy is
 * not what this script would write (test/hubspot/sharedCopies.unit.test.ts).
 *
 *   npm run hubspot:generate          write the copies
 *
 * A copy is the source verbatim except its imports: `zod` stays; a relative import of another
 * copied module becomes an import of its copy; a relative import of plain data (such as a list of
 * statuses) is inlined as a constant. Anything else is refused, so a copy never drifts silently.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';

const ROOT = path.resolve(__dirname, '..');

export const SHARED_COPIES = [
  {
    source: 'workflows/domain/mappingSettings.ts',
    target: 'hubspot-project/src/app/settings/generated/mappingSettings.ts',
  },
  {
    source: 'workflows/domain/stripe/paymentSettings.ts',
    target: 'hubspot-project/src/app/settings/generated/paymentSettings.ts',
  },
  {
    source: 'workflows/domain/stripe/collectionScheduleSchema.ts',
    target: 'hubspot-project/src/app/settings/generated/collectionScheduleSchema.ts',
  },
  {
    source: 'workflows/domain/delivery/deliverySettings.ts',
    target: 'hubspot-project/src/app/settings/generated/deliverySettings.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/settingsPage.ts',
    target: 'hubspot-project/src/app/settings/generated/settingsPage.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/syncHealth.ts',
    target: 'hubspot-project/src/app/settings/generated/syncHealth.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/xeroConnections.ts',
    target: 'hubspot-project/src/app/settings/generated/xeroConnections.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/contactReviews.ts',
    target: 'hubspot-project/src/app/settings/generated/contactReviews.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/dealPipelines.ts',
    target: 'hubspot-project/src/app/settings/generated/dealPipelines.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/receivables.ts',
    target: 'hubspot-project/src/app/settings/generated/receivables.ts',
  },
  {
    source: 'worker/hubspotApp/contracts/cardData.ts',
    target: 'hubspot-project/src/app/cards/generated/cardData.ts',
  },
] as const;

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';\n/gm;

export async function renderCopy(copy: { source: string; target: string }): Promise<string> {
  const sourcePath = path.join(ROOT, copy.source);
  const text = await readFile(sourcePath, 'utf8');
  const inlined: string[] = [];
  let failure: string | undefined;
  const pending: Array<Promise<void>> = [];
  const replaced = text.replace(
    IMPORT,
    (statement, typeOnly: string | undefined, names: string, from: string) => {
      if (from === 'zod') return statement;
      if (!from.startsWith('.')) {
        failure = `${copy.source}: imports ${from}; only zod and relative modules can be copied`;
        return statement;
      }
      const resolved = path.relative(ROOT, path.resolve(path.dirname(sourcePath), from)) + '.ts';
      const sibling = SHARED_COPIES.find(
        (c) => c.source === resolved && path.dirname(c.target) === path.dirname(copy.target),
      );
      if (sibling) return statement.replace(`'${from}'`, `'./${path.basename(sibling.target, '.ts')}'`);
      if (typeOnly) {
        failure = `${copy.source}: type import from ${from} cannot be inlined; copy that module too`;
        return statement;
      }
      const bindings = names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      const index = inlined.length;
      inlined.push('');
      pending.push(
        import(path.join(ROOT, resolved)).then((module: Record<string, unknown>) => {
          inlined[index] = bindings
            .map((name) => {
              const value = module[name];
              if (value === undefined || typeof value === 'function' || JSON.stringify(value) === undefined)
                throw new Error(
                  `${copy.source}: ${name} from ${from} is not plain data and cannot be inlined`,
                );
              return `const ${name} = ${JSON.stringify(value)} as const;\n`;
            })
            .join('');
        }),
      );
      return `/* ${bindings.join(', ')}: inlined from ${resolved} */\n`;
    },
  );
  await Promise.all(pending);
  if (failure) throw new Error(failure);
  let n = 0;
  const body = replaced.replace(
    /^\/\* [^*]*: inlined from [^*]* \*\/\n/gm,
    (marker) => `${marker}${inlined[n++]}`,
  );
  const header = `// GENERATED from ${copy.source} by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.\n`;
  const options = (await prettier.resolveConfig(path.join(ROOT, copy.target))) ?? {};
  return prettier.format(header + body, { ...options, filepath: path.join(ROOT, copy.target) });
}

export async function writeCopies(): Promise<string[]> {
  const written: string[] = [];
  for (const copy of SHARED_COPIES) {
    const target = path.join(ROOT, copy.target);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await renderCopy(copy));
    written.push(copy.target);
  }
  return written;
}

if (require.main === module) {
  writeCopies()
    .then((written) => console.warn(`wrote ${written.join(', ')}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
