import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { RunningSandbox } from '../../sandbox';
import { writeContact } from '../../sandbox/xero/contactWrites';
import { writeInvoice } from '../../sandbox/xero/invoiceWrites';
import { backfillsDone } from '../payments/demoFailedPayment';
import type { MailpitServer } from './mail/mailpitServer';

const DAY_MS = 86_400_000;
/** Mailpit's search answer (API v1), the part read here. */
const searchAnswer = z.object({ messages_count: z.number() });

async function mailpitHas(mailpit: MailpitServer, subject: string): Promise<boolean> {
  const url = new URL(`${mailpit.apiUrl}/search`);
  url.searchParams.set('query', `subject:"${subject}"`);
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const answer = searchAnswer.safeParse(res.ok ? await res.json() : undefined);
  return answer.success && answer.data.messages_count > 0;
}

/**
 * npm start's demo of invoice delivery: once the backfill is done, someone approves a new invoice in
 * the demo organisation (in the emulator's store, so Xero's webhook goes out as for any change); the
 * sync hands it to delivery, which e-mails it through Mailpit with its PDF and portal link. Returns
 * the invoice number and address once Mailpit has the message, or undefined when it did not come.
 */
export async function makeDemoInvoiceEmail(input: {
  sandbox: RunningSandbox;
  mailpit: MailpitServer;
  client: Client;
  timeoutMs?: number;
}): Promise<{ number: string; to: string } | undefined> {
  const xero = input.sandbox.xero;
  if (!xero) return undefined;
  const deadline = Date.now() + (input.timeoutMs ?? 180_000);
  while (!(await backfillsDone(input.client))) {
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const { store, clock } = xero.emulator;
  const contact = store.contactsOf(xero.tenantId).find((c) => c.status === 'ACTIVE');
  if (!contact) return undefined;
  const to = contact.email ?? 'accounts@demo-customer.example.com';
  if (!contact.email) writeContact(store, xero.tenantId, { EmailAddress: to }, contact);
  const day = (offset: number) => new Date(clock.now() + offset * DAY_MS).toISOString().slice(0, 10);
  const made = writeInvoice(
    store,
    xero.tenantId,
    {
      Type: 'ACCREC',
      Contact: { ContactID: contact.id },
      Status: 'AUTHORISED',
      Date: day(0),
      DueDate: day(14),
      Reference: 'Ledgerbridge demo',
      LineItems: [
        { Description: 'Implementation workshop', Quantity: 2, UnitAmount: 750, AccountCode: '200' },
      ],
    },
    undefined,
  );
  if (!made.ok) return undefined;
  const number = made.invoice.number;
  while (Date.now() < deadline) {
    if (await mailpitHas(input.mailpit, `Invoice ${number}`).catch(() => false)) return { number, to };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return undefined;
}
