import discoveryDocument from './sheets-v4.trimmed.json';
import { googleError } from './googleErrors';

/**
 * The emulator answers only what Google's published discovery document declares (a trimmed copy,
 * source noted in the file): each method's path, HTTP method and query parameters with their enums.
 */
export type SheetsMethodId =
  'sheets.spreadsheets.get' | 'sheets.spreadsheets.values.get' | 'sheets.spreadsheets.values.append';

interface DiscoveryParameter {
  location: string;
  type: string;
  enum?: string[];
  required?: boolean;
  repeated?: boolean;
}

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  parameters: Record<string, DiscoveryParameter>;
  scopes: string[];
}

const spreadsheets = discoveryDocument.resources.spreadsheets;
const METHODS: Record<SheetsMethodId, DiscoveryMethod> = {
  'sheets.spreadsheets.get': spreadsheets.methods.get,
  'sheets.spreadsheets.values.get': spreadsheets.resources.values.methods.get,
  'sheets.spreadsheets.values.append': spreadsheets.resources.values.methods.append,
};

export function discoveryMethod(id: SheetsMethodId): DiscoveryMethod {
  return METHODS[id];
}

/** Refuses a query parameter the method does not declare, or a value outside its enum (400, as Google). */
export function checkQuery(id: SheetsMethodId, query: URLSearchParams): void {
  const { parameters } = METHODS[id];
  for (const [name, value] of query) {
    if (STANDARD_PARAMETERS.has(name)) continue;
    const parameter = parameters[name];
    if (!parameter || parameter.location !== 'query')
      throw googleError(
        'INVALID_ARGUMENT',
        `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter.`,
      );
    if (parameter.enum && !parameter.enum.includes(value))
      throw googleError('INVALID_ARGUMENT', `Invalid value at '${name}' (${parameter.type}), "${value}"`);
    if (parameter.type === 'boolean' && value !== 'true' && value !== 'false')
      throw googleError('INVALID_ARGUMENT', `Invalid value at '${name}' (TYPE_BOOL), "${value}"`);
  }
}

/** Whether a token's scopes allow the method. */
export function scopeAllows(id: SheetsMethodId, scopes: readonly string[]): boolean {
  return METHODS[id].scopes.some((scope) => scopes.includes(scope));
}

// The document's top-level parameters, accepted on every method.
const STANDARD_PARAMETERS = new Set(Object.keys(discoveryDocument.parameters));
