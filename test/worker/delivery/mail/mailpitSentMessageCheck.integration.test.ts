import { SANDBOX_SMTP_ACCOUNT } from '../../../../worker/delivery/mail/mailAccountInput';
import { startMailpit, type MailpitServer } from '../../../../worker/delivery/mail/mailpitServer';
import { TransientMailError } from '../../../../worker/delivery/mail/mailErrors';
import { sendInvoiceMessage } from '../../../../worker/delivery/mail/sendInvoiceMessage';
import { MailpitSentMessageCheck } from '../../../../worker/delivery/mail/sentMessageChecks';
import { startMailHarness, type MailHarness } from './mailHarness';
import { mailpitPath } from '../../../support/mailpitBinary';

/** The sandbox's path end to end: the invoice sent to a real Mailpit, a lost outcome settled through its API. */
describe('MailpitSentMessageCheck against Mailpit', () => {
  let mailpit: MailpitServer;
  let harness: MailHarness;
  beforeAll(async () => {
    mailpit = await startMailpit({ binaryPath: mailpitPath(), smtpPort: 0, uiPort: 0 });
  });
  afterAll(() => mailpit?.stop());
  afterEach(() => harness?.close());

  it('finds the message a dead attempt sent, by its exact Message-ID, so the retry sends nothing', async () => {
    harness = await startMailHarness({
      account: { host: mailpit.smtpHost, port: mailpit.smtpPort, security: 'none', ...SANDBOX_SMTP_ACCOUNT },
    });
    const check = new MailpitSentMessageCheck(mailpit.uiUrl);
    const deps = harness.deps({ sentCheck: check });
    await expect(
      sendInvoiceMessage({ ...deps, transports: harness.sendThen('throw') }, harness.request()),
    ).rejects.toBeInstanceOf(TransientMailError);
    const retried = await sendInvoiceMessage(deps, harness.request());
    expect(retried.outcome).toBe('found_sent');
    expect(await check.wasSent(retried.messageId)).toBe(true);
    // A Message-ID that merely contains part of it is not it.
    expect(await check.wasSent(retried.messageId.replace('@', '.x@'))).toBe(false);
    expect(await new MailpitSentMessageCheck(mailpit.apiUrl).wasSent(retried.messageId.slice(0, 20))).toBe(
      false,
    );

    const search = await fetch(`${mailpit.apiUrl}/messages`);
    const { messages } = (await search.json()) as { messages: Array<{ MessageID: string; Subject: string }> };
    expect(messages).toEqual([
      expect.objectContaining({ MessageID: retried.messageId.slice(1, -1), Subject: retried.subject }),
    ]);
  });
});
