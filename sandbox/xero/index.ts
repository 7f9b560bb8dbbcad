export { createXeroEmulator, type XeroEmulator, type XeroEmulatorOptions } from './emulator';
export { signXero, type XeroWebhookEvent } from './webhooks';
export type { XeroSeed } from './seed';
