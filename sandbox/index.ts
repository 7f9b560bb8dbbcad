import { startSandboxServer, type SandboxServer } from './core/server';
import { createXeroEmulator, type XeroEmulator } from './xero';

/**
 * The sandbox behind `npm start`: each vendor emulator that is in sandbox mode, on its port, seeded
 * with the same demo company every time (state lives in memory; a restart re-seeds it).
 */
export interface SandboxOptions {
  host: string;
  seed: number;
  /** webhook: where the emulator delivers Xero events, signed with key (the worker's ingress). */
  xero?: { port: number; webhook?: { url: string; key: string } };
}

export interface RunningSandbox {
  xero: { url: string; tenantId: string; emulator: XeroEmulator } | undefined;
  close(): Promise<void>;
}

/** The OAuth app registered in the sandbox so `npm run connect -- xero` works without a Xero account. */
export const SANDBOX_XERO_CLIENT = {
  clientId: 'LEDGERBRIDGE-SANDBOX',
  clientSecret: 'sandbox-secret-not-for-production',
};

/** The External Client App the Salesforce sandbox org trusts (client credentials flow). */
export const SANDBOX_SALESFORCE_CLIENT = {
  clientId: 'LEDGERBRIDGE-SANDBOX-ECA',
  clientSecret: 'sandbox-secret-not-for-production',
};

/** The HubSpot app registered in the sandbox portal (multi-account OAuth). */
export const SANDBOX_HUBSPOT_CLIENT = {
  clientId: 'ledgerbridge-sandbox-app',
  clientSecret: 'sandbox-secret-not-for-production',
};

export async function startSandbox(options: SandboxOptions, ingressUrl: string): Promise<RunningSandbox> {
  const servers: SandboxServer[] = [];
  try {
    let xero: RunningSandbox['xero'];
    if (options.xero) {
      const emulator = createXeroEmulator({ seed: options.seed });
      const { tenantId } = emulator.seedDataset({ seed: options.seed, contacts: 40, invoices: 120 });
      emulator.identity.registerClient({
        ...SANDBOX_XERO_CLIENT,
        redirectUris: [`${ingressUrl}/oauth/xero/callback`],
      });
      if (options.xero.webhook) emulator.webhooks.configure(options.xero.webhook);
      const server = await startSandboxServer(emulator, { host: options.host, port: options.xero.port });
      servers.push(server);
      xero = { url: server.url, tenantId, emulator };
    }
    return { xero, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
}
