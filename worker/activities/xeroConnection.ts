import { ApplicationFailure } from '@temporalio/activity';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { ConnectionStore } from '../connections/connectionStore';
import { VendorError } from '../connectors/errors';

/**
 * The Xero organisation's connection, usable now: none at all is a NoConnectionError (nothing to
 * wait for), one that needs re-authorisation a VendorReauthRequiredError (the record workflows
 * park on it until a person reconnects).
 */
export async function activeXeroConnectionId(
  connections: ConnectionStore,
  tenantId: string,
): Promise<string> {
  const connection = await connections.find('xero', tenantId);
  if (!connection)
    throw ApplicationFailure.nonRetryable(
      `no Xero connection for tenant ${tenantId}`,
      LEDGERBRIDGE_ERROR_TYPES.noConnection,
    );
  if (connection.status !== 'active')
    throw new VendorError('reauthRequired', 'xero', `connection ${connection.id} needs re-authorisation`);
  return connection.id;
}
