import type { ChaosWorker } from '../chaosWorker';
import type { CreatedInvoice } from './deliverySandbox';
import type { DeliverySandboxApi } from './deliverySandboxRpc';

export interface DeliveryLoadOutcome {
  invoices: CreatedInvoice[];
  /** How long creating the invoices took. */
  seconds: number;
  /** Each kill: when (s from the load's start), after how many messages, and how long until serving again. */
  kills: Array<{ atS: number; messages: number; downS: number }>;
}

/**
 * bench:delivery's load: approved invoices created in Xero at an even rate and, meanwhile, the
 * worker SIGKILLed when Mailpit has caught k/(kills+1) of the messages (so it dies while sending),
 * and restarted at once. A kill whose share is not reached by `giveUpAt` is not made.
 */
export async function runDeliveryLoad(
  plan: { invoices: number; rate: number; kills: number; giveUpAt: number },
  deps: {
    sandbox: Pick<DeliverySandboxApi, 'createInvoice'>;
    worker: ChaosWorker;
    messagesSoFar(): Promise<number>;
  },
  log: (line: string) => void,
): Promise<DeliveryLoadOutcome> {
  const started = performance.now();
  const sinceStart = () => (performance.now() - started) / 1000;
  const at = (ms: number) => new Promise((resolve) => setTimeout(resolve, started + ms - performance.now()));

  const killing = (async () => {
    const kills: DeliveryLoadOutcome['kills'] = [];
    for (let k = 1; k <= plan.kills; k++) {
      const share = Math.ceil((k * plan.invoices) / (plan.kills + 1));
      let messages = await deps.messagesSoFar().catch(() => 0);
      while (messages < share && Date.now() < plan.giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        messages = await deps.messagesSoFar().catch(() => 0);
      }
      if (messages < share) {
        log(`  kill ${k} not made: ${messages} of ${share} messages sent by the deadline`);
        break;
      }
      const atS = sinceStart();
      await deps.worker.kill();
      log(
        `  ${atS.toFixed(1)} s: worker SIGKILLed after ${messages} messages (kill ${k} of ${plan.kills}), restarting`,
      );
      await deps.worker.start();
      kills.push({ atS, messages, downS: sinceStart() - atS });
    }
    return kills;
  })();

  const invoices: CreatedInvoice[] = [];
  const every = Math.max(1, Math.floor(plan.invoices / 10));
  for (let i = 0; i < plan.invoices; i++) {
    await at((1000 * i) / plan.rate);
    invoices.push(await deps.sandbox.createInvoice());
    if ((i + 1) % every === 0)
      log(`  ${sinceStart().toFixed(1)} s: ${i + 1}/${plan.invoices} invoices approved in Xero`);
  }
  const seconds = sinceStart();
  return { invoices, seconds, kills: await killing };
}
