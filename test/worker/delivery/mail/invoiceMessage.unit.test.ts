import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { contrastRatio, textColourOn } from '../../../../worker/delivery/mail/brandColours';
import {
  buildInvoiceMessage,
  InvoiceMessageError,
  pdfFileNameOf,
  type InvoiceMessage,
} from '../../../../worker/delivery/mail/invoiceMessage';
import { messageIdOf, messageKeyOf } from '../../../../worker/delivery/mail/messageIds';
import { fakePortalLinks, invoiceFacts, messageInput, PDF, T0 } from './mailFactories';

/** The message as a mail server receives it: composed by nodemailer, parsed back by mailparser. */
async function roundTrip(message: InvoiceMessage) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({ ...message, date: T0 });
  return simpleParser(info.message as Buffer);
}

describe('buildInvoiceMessage', () => {
  it('builds the invoice e-mail: portal button, Xero pay link, amounts and dates formatted, the PDF attached', async () => {
    const portalLinks = fakePortalLinks();
    const message = await buildInvoiceMessage({ portalLinks }, messageInput());
    expect(portalLinks.requests).toEqual([
      {
        installationId: messageInput().installationId,
        xeroTenantId: 'tenant-1',
        xeroContactId: 'contact-7',
        validDays: 30,
        purpose: 'delivery:inv-0042-id:v1',
      },
    ]);
    expect(message.messageKey).toBe('invoice:inv-0042-id:v1');
    expect(message.subject).toBe('Invoice INV-0042 from Acme Supplies');
    expect(message.from).toEqual({ name: 'Acme Supplies', address: 'billing@acme.example' });

    const parsed = await roundTrip(message);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ filename: 'INV-0042.pdf', contentType: 'application/pdf' });
    expect(parsed.attachments[0]?.content.equals(PDF)).toBe(true);
    const text = parsed.text ?? '';
    expect(text).toContain('£1,234.50');
    expect(text).toContain('£1,000.00');
    expect(text).toContain('28 May 2031');
    expect(text).toContain('View and pay: https://portal.example.test/p/');
    expect(text).toContain('online with Xero: https://in.xero.com/abc123');
    expect(text).toContain('works until 13 June 2031');
    const html = parsed.html || '';
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<a href="https:\/\/portal\.example\.test\/p\/[^"]+"[^>]*>View and pay<\/a>/);
    expect(html).toContain('<a href="https://in.xero.com/abc123"');
    expect(html).toContain('<th scope="row"');
  });

  it('escapes everything it interpolates and lets no header break its line', async () => {
    const hostile = '<script>alert("x")</script> & \'co\'';
    const message = await buildInvoiceMessage(
      { portalLinks: fakePortalLinks() },
      messageInput({
        invoice: invoiceFacts({ contactName: hostile, number: 'INV"/><img src=x>' }),
        delivery: {
          brand: { colour: '#1F6FEB', name: 'Evil\r\nBcc: victim@example.com' },
          portalLinkDays: 30,
        },
      }),
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<img src=x>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.from.name).toBe('Evil Bcc: victim@example.com');
    expect(message.attachments[0]?.filename).toBe('INV-img-src-x-.pdf');
    const parsed = await roundTrip(message);
    expect(parsed.headers.has('bcc')).toBe(false);
  });

  it('loads nothing remote but the https logo, which carries the brand name as its alt text', async () => {
    const withLogo = await buildInvoiceMessage(
      { portalLinks: fakePortalLinks() },
      messageInput({
        delivery: {
          brand: { colour: '#1F6FEB', name: 'Acme', logoUrl: 'https://cdn.acme.example/logo.png' },
          portalLinkDays: 30,
        },
      }),
    );
    const sources = [...withLogo.html.matchAll(/\s(?:src|background)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['https://cdn.acme.example/logo.png']);
    expect(withLogo.html).toContain('alt="Acme"');
    expect(withLogo.html).not.toMatch(/<link|<script|@import|url\(/i);
    const withoutLogo = await buildInvoiceMessage({ portalLinks: fakePortalLinks() }, messageInput());
    expect(withoutLogo.html).not.toMatch(/<img/);
  });

  it('puts white or black text on the brand colour, whichever contrasts more', async () => {
    expect(textColourOn('#FFE066')).toBe('#000000');
    expect(textColourOn('#0B3D91')).toBe('#FFFFFF');
    for (const colour of ['#FFE066', '#0B3D91', '#1F6FEB', '#777777', '#00FF00']) {
      const text = textColourOn(colour);
      const other = text === '#FFFFFF' ? '#000000' : '#FFFFFF';
      expect(contrastRatio(colour, text)).toBeGreaterThanOrEqual(contrastRatio(colour, other));
    }
    const pale = await buildInvoiceMessage(
      { portalLinks: fakePortalLinks() },
      messageInput({ delivery: { brand: { colour: '#FFE066', name: 'Sunny' }, portalLinkDays: 30 } }),
    );
    expect(pale.html).toMatch(/color:#000000;text-decoration:none[^>]*>View and pay/);
  });

  it('words reminders by the days before or after the due date', async () => {
    const subjectOf = async (day: number, daysFromDue?: number) =>
      (
        await buildInvoiceMessage(
          { portalLinks: fakePortalLinks() },
          messageInput({
            message: { kind: 'reminder', day, ...(daysFromDue === undefined ? {} : { daysFromDue }) },
          }),
        )
      ).subject;
    expect(await subjectOf(-3)).toBe('Reminder: invoice INV-0042 is due on 28 May 2031');
    expect(await subjectOf(0)).toBe('Invoice INV-0042 is due today');
    expect(await subjectOf(7)).toBe('Overdue: invoice INV-0042 is 7 days overdue');
    expect(await subjectOf(7, 9)).toBe('Overdue: invoice INV-0042 is 9 days overdue');
    expect(await subjectOf(1)).toBe('Overdue: invoice INV-0042 is 1 day overdue');
    const reminder = await buildInvoiceMessage(
      { portalLinks: fakePortalLinks() },
      messageInput({ message: { kind: 'reminder', day: 7 } }),
    );
    expect(reminder.messageKey).toBe('reminder:inv-0042-id:7');
    expect(reminder.text).toContain('still outstanding');
  });

  it('formats amounts in the invoice currency and the given locale', async () => {
    const message = await buildInvoiceMessage(
      { portalLinks: fakePortalLinks() },
      messageInput({
        invoice: invoiceFacts({ currency: 'EUR', total: 1234.5, amountDue: 1234.5 }),
        locale: 'de-DE',
      }),
    );
    expect(message.text).toContain('1.234,50\u00a0€');
    expect(message.text).toContain('28. Mai 2031');
  });

  it('refuses links that are not https (or http to this machine)', async () => {
    await expect(
      buildInvoiceMessage(
        { portalLinks: fakePortalLinks() },
        messageInput({ invoice: invoiceFacts({ onlineInvoiceUrl: 'javascript:alert(1)' }) }),
      ),
    ).rejects.toBeInstanceOf(InvoiceMessageError);
    const local = {
      issue: () =>
        Promise.resolve({ linkId: 'l', url: 'http://127.0.0.1:3030/portal/x', expiresAt: T0.toISOString() }),
    };
    await expect(buildInvoiceMessage({ portalLinks: local }, messageInput())).resolves.toBeDefined();
  });
});

describe('Message-IDs and keys', () => {
  const base = {
    installationId: 'inst-1',
    xeroInvoiceId: 'inv-1',
    version: 'v1',
    message: { kind: 'invoice' as const },
    fromAddress: 'billing@Acme.Example',
  };

  it('are the same every time for one installation, invoice, version and step, and differ otherwise', () => {
    const id = messageIdOf(base);
    expect(id).toMatch(/^<invoice\.[0-9a-f]{32}@acme\.example>$/);
    expect(messageIdOf(base)).toBe(id);
    const others = [
      { ...base, installationId: 'inst-2' },
      { ...base, xeroInvoiceId: 'inv-2' },
      { ...base, version: 'v2' },
      { ...base, message: { kind: 'reminder' as const, day: 7 } },
    ].map(messageIdOf);
    expect(new Set([id, ...others]).size).toBe(5);
    expect(messageIdOf({ ...base, fromAddress: 'x@[127.0.0.1]' })).toMatch(/@ledgerbridge\.invalid>$/);
  });

  it('key an invoice by version and a reminder by its day', () => {
    expect(messageKeyOf('inv-1', { kind: 'invoice' }, 'v3')).toBe('invoice:inv-1:v3');
    expect(messageKeyOf('inv-1', { kind: 'reminder', day: -3 }, 'v3')).toBe('reminder:inv-1:-3');
    expect(pdfFileNameOf('INV/2031/7')).toBe('INV-2031-7.pdf');
  });
});
