/** What sfdx-lwc-jest's test wire adapters (createLdsTestWireAdapter, graphql) let a test do. */
export interface TestWireAdapter {
  /** `refresh`: what the graphql adapter hands the component as its result's refresh function. */
  emit(
    value: unknown,
    filter?: (config: Record<string, unknown>) => boolean,
    refresh?: () => Promise<void>,
  ): void;
  error(body?: unknown, status?: number, statusText?: string): void;
  emitErrors(errors: unknown[]): void;
  getLastConfig(): Record<string, unknown> | null;
}

/**
 * The test stand-in of a platform wire adapter. Under jest, `lightning/*` resolves to
 * sfdx-lwc-jest's stubs, whose adapters carry emit/error; the production types do not say so.
 */
export function testAdapter(adapter: unknown): TestWireAdapter {
  return adapter as TestWireAdapter;
}
