import { signOrder } from '../../worker/orders/orderSignature';
import type { ChaosWorker } from '../chaosWorker';
import type { PlannedPost } from './orderPlan';

/** The answer a post finally got (after its retries), or `gave up` at the deadline. */
export interface PostResult {
  post: PlannedPost;
  status: number | 'gave up';
  attempts: number;
}

export interface PostingOutcome {
  results: PostResult[];
  /** How long posting took, from the first post to the last answer. */
  seconds: number;
  /** Posts tried again after a refused connection, a timeout or a 5xx. */
  retries: number;
  kills: Array<{ atS: number; accepted: number; downS: number }>;
}

/**
 * Posts the planned orders at a steady rate, each as a shop would: signed at the moment it is sent
 * (HMAC over the same body), and tried again after a refused connection, a timeout or a 5xx (the
 * worker serves the ingress, so a kill takes the endpoint down with it) until it gets an answer
 * below 500. Meanwhile the worker is SIGKILLed when k/(kills+1) of the valid orders were accepted
 * (202), and restarted at once.
 */
export async function postOrders(
  posts: PlannedPost[],
  plan: { url: string; signingSecret: string; rate: number; kills: number; giveUpAt: number },
  worker: ChaosWorker,
  log: (line: string) => void,
): Promise<PostingOutcome> {
  const started = performance.now();
  const sinceStart = () => (performance.now() - started) / 1000;
  const validOrders = posts.filter((p) => p.kind !== 'malformed' && p.kind !== 'duplicate').length;
  let accepted = 0;
  let retries = 0;
  let answered = 0;

  const send = async (post: PlannedPost): Promise<PostResult> => {
    for (let attempt = 1; ; attempt++) {
      const status = await fetch(plan.url, {
        method: 'POST',
        headers: {
          'content-type': post.contentType,
          'x-ledgerbridge-signature': signOrder(plan.signingSecret, post.body, Math.floor(Date.now() / 1000)),
        },
        body: post.body,
        signal: AbortSignal.timeout(30_000),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => 0,
      );
      if (status !== 0 && status < 500) {
        if (status === 202) accepted++;
        return { post, status, attempts: attempt };
      }
      if (Date.now() > plan.giveUpAt) return { post, status: 'gave up', attempts: attempt };
      retries++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 250 * attempt)));
    }
  };

  const killing = (async () => {
    const kills: PostingOutcome['kills'] = [];
    for (let k = 1; k <= plan.kills; k++) {
      const share = Math.ceil((k * validOrders) / (plan.kills + 1));
      while (accepted < share && answered < posts.length && Date.now() < plan.giveUpAt)
        await new Promise((resolve) => setTimeout(resolve, 50));
      if (accepted < share) {
        log(`  kill ${k} not made: ${accepted} of ${share} orders accepted`);
        break;
      }
      const atS = sinceStart();
      await worker.kill();
      log(`  ${atS.toFixed(1)} s: worker SIGKILLed after ${accepted} accepted orders, restarting`);
      await worker.start();
      kills.push({ atS, accepted, downS: sinceStart() - atS });
      log(`  ${sinceStart().toFixed(1)} s: worker serving again`);
    }
    return kills;
  })();

  const every = Math.max(1, Math.floor(posts.length / 10));
  const sending: Array<Promise<PostResult>> = [];
  for (const [i, post] of posts.entries()) {
    await new Promise((resolve) => setTimeout(resolve, started + (1000 * i) / plan.rate - performance.now()));
    sending.push(
      send(post).finally(() => {
        answered++;
      }),
    );
    if ((i + 1) % every === 0)
      log(`  ${sinceStart().toFixed(1)} s: ${i + 1}/${posts.length} posted, ${accepted} accepted so far`);
  }
  const results = await Promise.all(sending);
  return { results, seconds: sinceStart(), retries, kills: await killing };
}
