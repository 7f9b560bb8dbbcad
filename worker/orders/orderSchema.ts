import { z } from 'zod';

/**
 * An order as an e-commerce site posts it (issue #24), in XML or JSON, after parsing. Amounts are in
 * major units of `currency` (as Xero takes them), at most two decimals; text fields are trimmed.
 * XML gives every value as text, so numbers are accepted as numbers or decimal strings.
 */
const decimal = (what: string) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/, `${what} must be a decimal number`),
    ])
    .transform(Number)
    .refine((n) => Number.isFinite(n), `${what} must be a number`);

const money = (what: string) =>
  decimal(what).refine(
    (n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6,
    `${what} has more than two decimals`,
  );

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

export const orderLineSchema = z.object({
  sku: text(64),
  description: text(4000),
  quantity: decimal('quantity').refine((n) => n > 0, 'quantity must be above 0'),
  unitPrice: money('unitPrice').refine((n) => n >= 0, 'unitPrice must not be negative'),
});

export const orderSchema = z
  .object({
    /** The site's own order ID: what makes a repeat post the same order. */
    id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'id: letters, digits and . _ : - only, at most 64'),
    placedAt: z.iso.datetime({ offset: true }),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as USD'),
    customer: z.object({
      email: z.email(),
      name: text(255),
      /** The CRM account's number, where the site knows it (monthly billing is decided from the CRM). */
      accountNumber: text(64).optional(),
    }),
    payment: z.object({
      method: z.enum(['card', 'account']),
      /** The card payment's reference at the processor (required for card orders). */
      reference: text(255).optional(),
    }),
    lines: z.array(orderLineSchema).min(1, 'an order has at least one line').max(500),
    total: money('total'),
  })
  .superRefine((order, ctx) => {
    if (order.payment.method === 'card' && !order.payment.reference)
      ctx.addIssue({
        code: 'custom',
        path: ['payment', 'reference'],
        message: 'required for a card payment',
      });
    const sum = order.lines.reduce((cents, l) => cents + Math.round(l.quantity * l.unitPrice * 100), 0);
    if (sum !== Math.round(order.total * 100))
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `must equal the lines' sum (${(sum / 100).toFixed(2)})`,
      });
  });

export type Order = z.infer<typeof orderSchema>;
