import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__ledgerbridgeTestServices;
  if (!services) return;
  await services.temporal.stop();
  services.postgres?.stop();
  rmSync(services.dir, { recursive: true, force: true });
}
