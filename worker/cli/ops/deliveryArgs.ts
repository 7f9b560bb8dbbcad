import { userInfo } from 'node:os';
import { z } from 'zod';
import { installationSlugSchema } from '../../installations/installationStore';

export const DELIVERY_USAGE = `  delivery status <slug|installation id> [<xero invoice id>]
                                       an invoice's delivery (e-mails, reminders, next step, decision),
                                       or the installation's invoices whose reminders a person stopped
  delivery stop <slug|installation id> <xero invoice id> --reason "..." [--by name]
                                       no more reminders for the invoice, kept across its runs (audited)
  delivery resume <slug|installation id> <xero invoice id> [--by name]
                                       lift the stop: reminders go on from the next wake (audited)`;

export type DeliveryCommand =
  | { name: 'delivery'; action: 'status'; installation: string; xeroInvoiceId: string | undefined }
  | {
      name: 'delivery';
      action: 'stop';
      installation: string;
      xeroInvoiceId: string;
      reason: string;
      by: string;
    }
  | { name: 'delivery'; action: 'resume'; installation: string; xeroInvoiceId: string; by: string };

/** An installation's slug, or its ID (a GUID). */
const installationRef = z.union([z.uuid().transform((id) => id.toLowerCase()), installationSlugSchema], {
  error: 'name the installation (its slug or ID)',
});
// Xero's invoice IDs are GUIDs; the workflow IDs and rows use them lower-case.
const invoiceId = z.uuid({ error: 'name the Xero invoice (its GUID)' }).transform((id) => id.toLowerCase());
const reason = z
  .string({ error: 'delivery stop needs --reason "why"' })
  .trim()
  .min(3, { error: 'delivery stop needs --reason "why" (a few words)' });
const person = z
  .string()
  .trim()
  .regex(/^[\w.@+-]{1,100}$/, { error: '--by is a name without spaces, such as ann or ann@example.com' });

/** Who decided, for the audit trail and the workflow: `ops:<name>` (--by, else the OS user). */
export function opsPerson(by: string | undefined): string {
  return `ops:${by ?? userInfo().username}`;
}

/** Parses `delivery status|stop|resume`; a message naming the bad argument otherwise. */
export function parseDeliveryArgs(
  positional: string[],
  named: Record<string, string>,
): DeliveryCommand | { error: string } {
  const [action, installationArg, invoiceArg] = positional;
  if (action !== 'status' && action !== 'stop' && action !== 'resume')
    return { error: 'delivery: say status, stop or resume' };
  const installation = installationRef.safeParse(installationArg);
  if (!installation.success) return { error: `delivery ${action} needs an installation slug or ID` };
  if (action === 'status' && invoiceArg === undefined)
    return { name: 'delivery', action, installation: installation.data, xeroInvoiceId: undefined };
  const invoice = invoiceId.safeParse(invoiceArg);
  if (!invoice.success) return { error: `delivery ${action}: ${invoice.error.issues[0]?.message}` };
  if (action === 'status')
    return { name: 'delivery', action, installation: installation.data, xeroInvoiceId: invoice.data };
  const by = named.by === undefined ? undefined : person.safeParse(named.by);
  if (by && !by.success) return { error: `delivery ${action}: ${by.error.issues[0]?.message}` };
  const base = { installation: installation.data, xeroInvoiceId: invoice.data, by: opsPerson(by?.data) };
  if (action === 'resume') return { name: 'delivery', action, ...base };
  const why = reason.safeParse(named.reason);
  if (!why.success) return { error: why.error.issues[0]?.message ?? 'delivery stop needs --reason' };
  return { name: 'delivery', action, ...base, reason: why.data };
}
