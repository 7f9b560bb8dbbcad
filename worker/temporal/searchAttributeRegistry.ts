import type { Connection } from '@temporalio/client';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

/** temporal.api.enums.v1.IndexedValueType (the proto package is not a dependency of ours). */
const INDEXED_TYPE = { Keyword: 2, KeywordList: 7 } as const;

export class SearchAttributeSetupError extends Error {
  override name = 'SearchAttributeSetupError';
}

/**
 * Makes sure the namespace knows Ledgerbridge's search attributes (workflows set them from their
 * first start, and the server refuses a start naming an unknown one). Idempotent: only missing keys
 * are added. Temporal Cloud does not let a namespace API key add them through the operator service;
 * the error then says which `tcld` command does it once.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<{ added: string[] }> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = { ...existing.customAttributes, ...existing.systemAttributes };
  const missing = Object.entries(LEDGERBRIDGE_SEARCH_ATTRIBUTES).filter(([name]) => !(name in known));
  const wrongType = Object.entries(LEDGERBRIDGE_SEARCH_ATTRIBUTES).filter(
    ([name, type]) => name in known && known[name] !== INDEXED_TYPE[type],
  );
  if (wrongType.length > 0)
    throw new SearchAttributeSetupError(
      `search attributes ${wrongType.map(([n]) => n).join(', ')} exist in namespace ${namespace} with another type; ` +
        'Ledgerbridge needs the types listed in docs/runbook.md (Search attributes)',
    );
  if (missing.length === 0) return { added: [] };
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_TYPE[type]])),
    });
  } catch (err) {
    const commands = missing
      .map(([name, type]) => `tcld namespace search-attributes add -n ${namespace} --sa "${name}=${type}"`)
      .join('; ');
    throw new SearchAttributeSetupError(
      `namespace ${namespace} lacks the search attributes ${missing.map(([n]) => n).join(', ')} and they ` +
        `could not be added (${err instanceof Error ? err.message : String(err)}). On Temporal Cloud run: ${commands}. ` +
        `Self-hosted: temporal operator search-attribute create --namespace ${namespace} --name <name> --type <type>.`,
    );
  }
  return { added: missing.map(([name]) => name) };
}
