import { createRng, type Rng } from '../../sandbox/core/random';

/**
 * What bench:orders posts, fixed by the seed before the run: valid orders (card orders from known
 * and new customers, account orders from monthly-billed customers and a few from customers whose
 * CRM account is not set up for it), signed posts that are not orders, and exact re-posts of
 * earlier bodies. Half the bodies are XML, half JSON, as sites send either.
 */
export interface BenchCustomer {
  name: string;
  email: string;
  accountNumber?: string;
}

export interface CustomerPlan {
  /** Monthly billing ticked on their CRM company. */
  account: BenchCustomer[];
  /** Account numbers in Xero, but monthly billing not ticked: their account orders are rejected. */
  unticked: BenchCustomer[];
  card: BenchCustomer[];
}

export type PostKind = 'card' | 'card-new' | 'account' | 'account-unticked' | 'malformed' | 'duplicate';

export interface PlannedPost {
  kind: PostKind;
  /** The site's order ID (a malformed post's too, where it has one). */
  orderId: string;
  body: string;
  contentType: 'application/xml' | 'application/json';
  /** Cents; valid orders only. */
  totalCents: number;
  /** Valid orders only: whose, and what (the bare baseline makes the same invoices). */
  customer?: BenchCustomer;
  lines?: Array<{ description: string; quantity: number; unitPrice: number }>;
}

export function planCustomers(counts: { account: number; card: number }): CustomerPlan {
  const pad = (i: number) => String(i).padStart(4, '0');
  return {
    account: Array.from({ length: counts.account }, (_, i) => ({
      name: `Account Customer ${pad(i + 1)}`,
      email: `ac${pad(i + 1)}@buyer.example`,
      accountNumber: `AC-${pad(i + 1)}`,
    })),
    unticked: Array.from({ length: Math.max(1, Math.round(counts.account / 20)) }, (_, i) => ({
      name: `Unticked Customer ${pad(i + 1)}`,
      email: `au${pad(i + 1)}@buyer.example`,
      accountNumber: `AU-${pad(i + 1)}`,
    })),
    card: Array.from({ length: counts.card }, (_, i) => ({
      name: `Card Customer ${pad(i + 1)}`,
      email: `card${pad(i + 1)}@buyer.example`,
    })),
  };
}

export function planPosts(
  customers: CustomerPlan,
  plan: { posts: number; malformedShare: number; duplicateShare: number; seed: number; placedAt: string },
): PlannedPost[] {
  const rng = createRng(plan.seed);
  const posts: PlannedPost[] = [];
  const valid: PlannedPost[] = [];
  for (let i = 0; i < plan.posts; i++) {
    const roll = rng();
    const orderId = `W-${String(i + 1).padStart(6, '0')}`;
    const xml = rng() < 0.5;
    if (roll < plan.malformedShare) {
      posts.push(malformed(orderId, xml, rng, plan.placedAt));
    } else if (roll < plan.malformedShare + plan.duplicateShare && valid.length > 0) {
      const earlier = valid[Math.floor(rng() * valid.length)]!;
      posts.push({ ...earlier, kind: 'duplicate' });
    } else {
      const post = validOrder(orderId, xml, rng, customers, plan.placedAt);
      valid.push(post);
      posts.push(post);
    }
  }
  return posts;
}

function validOrder(
  orderId: string,
  xml: boolean,
  rng: Rng,
  customers: CustomerPlan,
  placedAt: string,
): PlannedPost {
  const r = rng();
  const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)]!;
  const kind: PostKind = r < 0.45 ? 'card' : r < 0.5 ? 'card-new' : r < 0.98 ? 'account' : 'account-unticked';
  const customer: BenchCustomer =
    kind === 'card'
      ? pick(customers.card)
      : kind === 'card-new'
        ? { name: `New Shopper ${orderId}`, email: `${orderId.toLowerCase()}@new.example` }
        : kind === 'account'
          ? pick(customers.account)
          : pick(customers.unticked);
  const lines = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, i) => ({
    sku: `SKU-${1 + Math.floor(rng() * 50)}`,
    description: `Item ${i + 1} & co`,
    quantity: 1 + Math.floor(rng() * 4),
    unitCents: 100 + Math.floor(rng() * 9_900),
  }));
  const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  const method = kind.startsWith('card') ? 'card' : 'account';
  const order = {
    id: orderId,
    placedAt,
    currency: 'USD',
    customer: {
      email: customer.email,
      name: customer.name,
      ...(customer.accountNumber ? { accountNumber: customer.accountNumber } : {}),
    },
    payment: { method, ...(method === 'card' ? { reference: `ch_${orderId}` } : {}) },
    lines: lines.map((l) => ({
      sku: l.sku,
      description: l.description,
      quantity: l.quantity,
      unitPrice: (l.unitCents / 100).toFixed(2),
    })),
    total: (totalCents / 100).toFixed(2),
  };
  return {
    kind,
    orderId,
    totalCents,
    customer,
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitCents / 100,
    })),
    ...(xml
      ? { contentType: 'application/xml', body: orderXml(order) }
      : {
          contentType: 'application/json',
          body: JSON.stringify({
            ...order,
            lines: order.lines.map((l) => ({ ...l, unitPrice: Number(l.unitPrice) })),
            total: Number(order.total),
          }),
        }),
  };
}

type OrderFields = {
  id: string;
  placedAt: string;
  currency: string;
  customer: { email: string; name: string; accountNumber?: string };
  payment: { method: string; reference?: string };
  lines: Array<{ sku: string; description: string; quantity: number | string; unitPrice: string }>;
  total: string;
};

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

function orderXml(o: OrderFields): string {
  const c = o.customer;
  return `<?xml version="1.0" encoding="UTF-8"?>
<order>
  <id>${o.id}</id>
  <placedAt>${o.placedAt}</placedAt>
  <currency>${o.currency}</currency>
  <customer><email>${c.email}</email><name>${esc(c.name)}</name>${c.accountNumber ? `<accountNumber>${c.accountNumber}</accountNumber>` : ''}</customer>
  <payment><method>${o.payment.method}</method>${o.payment.reference ? `<reference>${o.payment.reference}</reference>` : ''}</payment>
  <lines>
${o.lines.map((l) => `    <line><sku>${l.sku}</sku><description>${esc(l.description)}</description><quantity>${l.quantity}</quantity><unitPrice>${l.unitPrice}</unitPrice></line>`).join('\n')}
  </lines>
  <total>${o.total}</total>
</order>`;
}

/** A signed post that is not an order: a wrong total, no lines, a bad currency or a bad quantity. */
function malformed(orderId: string, xml: boolean, rng: Rng, placedAt: string): PlannedPost {
  const base: OrderFields = {
    id: orderId,
    placedAt,
    currency: 'USD',
    customer: { email: `${orderId.toLowerCase()}@broken.example`, name: `Broken ${orderId}` },
    payment: { method: 'card', reference: `ch_${orderId}` },
    lines: [{ sku: 'SKU-1', description: 'Item', quantity: 2, unitPrice: '5.00' }],
    total: '10.00',
  };
  const flaw = Math.floor(rng() * 4);
  const broken: OrderFields =
    flaw === 0
      ? { ...base, total: '11.00' }
      : flaw === 1
        ? { ...base, lines: [] }
        : flaw === 2
          ? { ...base, currency: 'usd' }
          : { ...base, lines: [{ ...base.lines[0]!, quantity: 'two' }] };
  return {
    kind: 'malformed',
    orderId,
    totalCents: 0,
    ...(xml
      ? { contentType: 'application/xml', body: orderXml(broken) }
      : { contentType: 'application/json', body: JSON.stringify(broken) }),
  };
}
