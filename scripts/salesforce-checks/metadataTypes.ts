import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

// The metadata registry of @salesforce/source-deploy-retrieve: how `sf` itself tells a source
// file's metadata type, from its suffix (`.field-meta.xml`) or its bundle folder (`lwc/`).
const RegistryType = z.object({
  name: z.string(),
  strategies: z.object({ adapter: z.string() }).partial().optional(),
  children: z
    .object({
      types: z.record(z.string(), z.object({ name: z.string() })),
      suffixes: z.record(z.string(), z.string()),
    })
    .optional(),
});
const Registry = z.object({
  types: z.record(z.string(), RegistryType),
  suffixes: z.record(z.string(), z.string()),
  strictDirectoryNames: z.record(z.string(), z.string()),
});
type Registry = z.infer<typeof Registry>;

let registry: Registry | undefined;
function load(): Registry {
  const require = createRequire(__filename);
  registry ??= Registry.parse(
    require('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json'),
  );
  return registry;
}

/** The Metadata API type of a `-meta.xml` source file (`CustomField`, `LightningComponentBundle`, ...). */
export function metadataTypeOf(file: string): string | undefined {
  const reg = load();
  // Bundles (lwc/x/x.js-meta.xml) are known by their folder: their suffix is the file's language.
  for (const dir of path.dirname(file).split(/[\\/]/)) {
    const id = reg.strictDirectoryNames[dir];
    if (id && reg.types[id]?.strategies?.adapter === 'bundle') return reg.types[id]?.name;
  }
  const suffix =
    path
      .basename(file)
      .replace(/-meta\.xml$/, '')
      .split('.')
      .pop() ?? '';
  const id = reg.suffixes[suffix];
  if (id) return reg.types[id]?.name;
  // Children written to their own files in source format: fields, list views, compact layouts.
  for (const parent of Object.values(reg.types)) {
    const child = parent.children?.suffixes[suffix];
    if (child) return parent.children?.types[child]?.name;
  }
  return undefined;
}
