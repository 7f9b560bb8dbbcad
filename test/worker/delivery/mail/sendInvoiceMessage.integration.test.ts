import { MailAccountError } from '../../../../worker/delivery/mail/mailAccountInput';
import { PermanentMailError, TransientMailError } from '../../../../worker/delivery/mail/mailErrors';
import { sendInvoiceMessage } from '../../../../worker/delivery/mail/sendInvoiceMessage';
import type { SentMessageCheck } from '../../../../worker/delivery/mail/sentMessageChecks';
import { PDF, T0 } from './mailFactories';
import { startMailHarness, type MailHarness } from './mailHarness';

const neverAsked: SentMessageCheck = {
  name: 'never-asked',
  wasSent: () => Promise.reject(new Error('the sent-message check was asked')),
};

describe('sendInvoiceMessage', () => {
  let harness: MailHarness;
  afterEach(() => harness.close());

  it('e-mails the invoice with its PDF once, records it, and a retry returns it without sending', async () => {
    harness = await startMailHarness();
    const sent = await sendInvoiceMessage(harness.deps({ sentCheck: neverAsked }), harness.request());
    expect(sent).toMatchObject({
      outcome: 'sent',
      messageKey: 'invoice:inv-0042-id:v1',
      messageId: expect.stringMatching(/^<invoice\.[0-9a-f]{32}@acme\.example>$/),
      to: ['ada@customer.example'],
      subject: 'Invoice INV-0042 from Acme Supplies',
      sentAt: T0.toISOString(),
      smtpResponse: expect.stringMatching(/^250 /),
    });
    expect(sent.bodyText).toContain('View and pay: https://portal.example.test/');

    const [caught] = await harness.catcher.waitFor(1);
    expect(`<${caught?.messageId}>`).toBe(sent.messageId);
    expect(caught?.envelope).toEqual({ from: 'billing@acme.example', to: ['ada@customer.example'] });
    expect(caught?.parsed.from?.text).toBe('"Acme Billing" <billing@acme.example>');
    expect(caught?.parsed.attachments[0]?.content.equals(PDF)).toBe(true);

    harness.now = new Date(T0.getTime() + 60_000);
    const again = await sendInvoiceMessage(harness.deps({ sentCheck: neverAsked }), harness.request());
    expect(again).toEqual({ ...sent, outcome: 'already_sent' });
    expect(harness.catcher.messages).toHaveLength(1);

    const row = await harness.store.db.selectFrom('invoice_messages').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ installation_id: harness.installationId, attempts: 1, claimed_by: null });
    // The text part carries the customer's portal link: sealed at rest.
    expect(JSON.stringify(row.body_text_sealed)).not.toContain('portal.example.test');
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'invoice_message%')
      .execute();
    expect(audit).toEqual([
      { action: 'invoice_message_sent', detail: expect.objectContaining({ outcome: 'sent', recipients: 1 }) },
    ]);
  });

  it('a new version is a new message; a reminder is one message per schedule day', async () => {
    harness = await startMailHarness();
    const deps = harness.deps();
    const first = await sendInvoiceMessage(deps, harness.request());
    const { invoice } = harness.request();
    const v2 = await sendInvoiceMessage(deps, harness.request({ invoice: { ...invoice, version: 'v2' } }));
    const reminder = await sendInvoiceMessage(
      deps,
      harness.request({ message: { kind: 'reminder', day: 7 } }),
    );
    const reminderLater = await sendInvoiceMessage(
      deps,
      harness.request({ message: { kind: 'reminder', day: 7 }, invoice: { ...invoice, version: 'v3' } }),
    );
    expect([first.outcome, v2.outcome, reminder.outcome, reminderLater.outcome]).toEqual([
      'sent',
      'sent',
      'sent',
      'already_sent',
    ]);
    expect(new Set([first.messageId, v2.messageId, reminder.messageId]).size).toBe(3);
    expect(reminder.subject).toBe('Overdue: invoice INV-0042 is 7 days overdue');
    expect(harness.catcher.messages).toHaveLength(3);
  });

  it('a 5xx refusal is permanent, a 4xx one retried, and neither needs the sent-message check', async () => {
    let answer: { code: number; message: string } | undefined = { code: 451, message: 'Try again later' };
    harness = await startMailHarness({ catcher: { reject: () => answer } });
    const deps = harness.deps({ sentCheck: neverAsked });
    await expect(sendInvoiceMessage(deps, harness.request())).rejects.toBeInstanceOf(TransientMailError);
    answer = { code: 550, message: 'Mailbox unavailable' };
    await expect(sendInvoiceMessage(deps, harness.request())).rejects.toBeInstanceOf(PermanentMailError);
    const failed = await harness.store.db
      .selectFrom('invoice_messages')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ sent_at: null, failure_definite: true, attempts: 2, claimed_by: null });
    expect(failed.error).toMatch(/550/);
    answer = undefined;
    expect((await sendInvoiceMessage(deps, harness.request())).outcome).toBe('sent');
    expect(harness.catcher.messages).toHaveLength(1);
  });

  it('logs in over STARTTLS, checking the server certificate', async () => {
    const auth = { username: 'billing@acme.example', password: 'correct horse battery staple' };
    harness = await startMailHarness({
      catcher: { auth, starttls: true },
      account: { security: 'starttls', ...auth },
      // The catcher's certificate is for localhost: trusted here, and checked against that name.
      transport: (catcher) => ({ tls: { ca: catcher.certificate, servername: 'localhost' } }),
    });
    await sendInvoiceMessage(harness.deps(), harness.request());
    const [caught] = await harness.catcher.waitFor(1);
    expect(caught).toMatchObject({ secure: true, user: auth.username });
  });

  it('refuses without an account, and a sandbox account when live', async () => {
    harness = await startMailHarness();
    await expect(
      sendInvoiceMessage(
        harness.deps(),
        harness.request({ installationId: '00000000-0000-4000-8000-000000000000' }),
      ),
    ).rejects.toThrow(/npm run connect:smtp/);
    await expect(
      sendInvoiceMessage(harness.deps({ mode: 'live' }), harness.request()),
    ).rejects.toBeInstanceOf(PermanentMailError);
    expect(harness.catcher.messages).toHaveLength(0);
    expect(MailAccountError.name).toBe('MailAccountError');
  });
});
