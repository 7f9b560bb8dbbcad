import { installationSlugSchema } from '../installations/installationStore';
import { formatOf, type WorkbookFormat } from './workbookFiles';

export const ALIGN_USAGE = `usage:
  npm run align -- export <installation> [--format csv|xlsx] [--out <file>]
      both sides' customers and the suggested pairs, with a decision column to fill
      (default: alignment-<installation>.xlsx; --out - writes CSV to stdout)
  npm run align -- import <file.csv|file.xlsx> [--dry-run] [--by <name>]
      checks every row, shows what would change, then applies the decisions`;

export type AlignCommand =
  | { name: 'export'; installation: string; format: WorkbookFormat; out: string }
  | { name: 'import'; file: string; format: WorkbookFormat; dryRun: boolean; by: string | undefined };

export class AlignUsageError extends Error {
  override name = 'AlignUsageError';
}

export function parseAlignArgs(argv: readonly string[]): AlignCommand {
  const [command, target, ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] ?? '';
    if (!/^--[a-z-]+$/.test(flag)) throw new AlignUsageError(`unexpected "${flag}"\n${ALIGN_USAGE}`);
    if (flag === '--dry-run') flags.set(flag, true);
    else {
      const value = rest[++i];
      if (value === undefined) throw new AlignUsageError(`${flag} needs a value\n${ALIGN_USAGE}`);
      flags.set(flag, value);
    }
  }
  const known = command === 'export' ? ['--format', '--out'] : ['--dry-run', '--by'];
  for (const flag of flags.keys())
    if (!known.includes(flag)) throw new AlignUsageError(`${command} takes no ${flag}\n${ALIGN_USAGE}`);
  const text = (flag: string) => {
    const v = flags.get(flag);
    return typeof v === 'string' ? v : undefined;
  };

  if (command === 'export') {
    const slug = installationSlugSchema.safeParse(target);
    if (!slug.success) throw new AlignUsageError(`export needs an installation slug\n${ALIGN_USAGE}`);
    const given = text('--format');
    if (given !== undefined && given !== 'csv' && given !== 'xlsx')
      throw new AlignUsageError(`--format: "${given}" is not csv or xlsx`);
    const out = text('--out');
    const format =
      given ?? (out && out !== '-' ? formatOf(out) : undefined) ?? (out === '-' ? 'csv' : 'xlsx');
    if (out === '-' && format !== 'csv') throw new AlignUsageError('--out - (stdout) writes CSV only');
    if (out && out !== '-' && formatOf(out) !== format)
      throw new AlignUsageError(`--out: "${out}" does not end in .${format}`);
    return {
      name: 'export',
      installation: slug.data,
      format,
      out: out ?? `alignment-${slug.data}.${format}`,
    };
  }
  if (command === 'import') {
    if (!target) throw new AlignUsageError(`import needs a file\n${ALIGN_USAGE}`);
    const format = formatOf(target);
    if (!format) throw new AlignUsageError(`"${target}" is neither .csv nor .xlsx`);
    return { name: 'import', file: target, format, dryRun: flags.has('--dry-run'), by: text('--by') };
  }
  throw new AlignUsageError(ALIGN_USAGE);
}
