import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './payloadCodec';
import type { PayloadKey } from './payloadKeys';

/**
 * The failure converter module, by path: the worker hands it to the workflow bundler too (a
 * pre-built bundle must be built with the same path, see test/support/globalSetup.ts).
 */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

/** What every Ledgerbridge client and worker uses: payloads encrypted, failures' text encoded. */
export function ledgerbridgeDataConverter(keys: PayloadKey[]): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
