import { z } from 'zod';

/** The sizes of a bench:delivery run, from `--invoices 30`-style arguments (or `--invoices=30`). */
const count = (min: number) => z.coerce.number().int().min(min);

export const deliveryOptionsSchema = z.object({
  /** Approved sales invoices created in Xero, each to be e-mailed once. */
  invoices: count(1).default(1_000),
  /** Invoices created a second: under the SMTP pool's 5 messages a second, so sending keeps up. */
  rate: z.coerce.number().positive().default(4),
  /** Times the worker is SIGKILLed (and restarted at once) while sending, at even shares of the sends. */
  kills: count(0).default(2),
  /** The organisation's customers (each with an e-mail address); invoices go to them in turn. */
  contacts: count(1).default(50),
  /**
   * After the last invoice: how long the deliveries may take to finish. A kill costs minutes: the
   * dead worker's activities time out (2 minutes) and its Xero pacing leases lapse before others go on.
   */
  waitSeconds: count(1).default(600),
  /** Messages the bare baseline sends (nodemailer alone, the same PDFs, the same Mailpit); 0: none. */
  bare: count(0).optional(),
  seed: count(0).default(2323),
});

export type DeliveryOptions = z.infer<typeof deliveryOptionsSchema> & { bare: number };

const FLAGS: Record<string, keyof z.input<typeof deliveryOptionsSchema>> = {
  invoices: 'invoices',
  rate: 'rate',
  kills: 'kills',
  contacts: 'contacts',
  'wait-seconds': 'waitSeconds',
  bare: 'bare',
  seed: 'seed',
};

/** `--invoices N --rate R --kills K --contacts N --wait-seconds S --bare N --seed S`; throws naming a bad one. */
export function deliveryOptionsFrom(argv: readonly string[]): DeliveryOptions {
  const input: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key = m ? FLAGS[m[1] ?? ''] : undefined;
    const value = m?.[2] ?? argv[++i];
    if (!key || value === undefined)
      throw new Error(
        `bench:delivery: unknown or incomplete argument ${arg} (${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(' ')})`,
      );
    input[key] = value;
  }
  const parsed = deliveryOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `bench:delivery: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  return { ...parsed.data, bare: Math.min(parsed.data.bare ?? parsed.data.invoices, parsed.data.invoices) };
}
