import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Error messages and stack traces travel as an encoded payload (so the codec encrypts them) instead
 * of in clear: a vendor's error can quote a customer's name or an amount. Loaded by path, because
 * the workflow sandbox loads its own copy (see dataConverter.ts).
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
