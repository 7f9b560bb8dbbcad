import net from 'node:net';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { MailpitError, startMailpit, type MailpitServer } from '../../../worker/delivery/mail/mailpitServer';
import { mailpitPath } from '../../support/mailpitBinary';

// Mailpit's API, as its swagger (server/ui/api/v1/swagger.json) describes the parts read here.
const address = z.object({ Name: z.string(), Address: z.string() });
const messagesSummary = z.object({
  total: z.number(),
  messages: z.array(z.object({ ID: z.string(), Subject: z.string(), From: address, To: z.array(address) })),
});
const message = z.object({
  ID: z.string(),
  Subject: z.string(),
  Text: z.string(),
  ReplyTo: z.array(address),
  /** The SMTP login the message came with. */
  Username: z.string(),
  Attachments: z.array(z.object({ FileName: z.string(), ContentType: z.string() })),
});

const json = async (url: string): Promise<unknown> => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
};

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('Mailpit for the sandbox', () => {
  const binaryPath = mailpitPath();
  let mailpit: MailpitServer;

  beforeAll(async () => {
    mailpit = await startMailpit({ binaryPath, smtpPort: 0, uiPort: 0 });
  });
  afterAll(async () => {
    await mailpit?.stop();
  });

  it('catches a message sent over SMTP with a login, readable through its API', async () => {
    const transport = nodemailer.createTransport({
      host: mailpit.smtpHost,
      port: mailpit.smtpPort,
      secure: false,
      auth: { user: 'acme-demo', pass: 'any password' },
    });
    await transport.sendMail({
      from: '"Acme Ltd" <billing@acme.example>',
      to: 'ap@customer.example',
      replyTo: 'accounts@acme.example',
      subject: 'Invoice INV-0042 from Acme Ltd',
      text: 'Your invoice INV-0042 for 1,200.00 GBP is attached.',
      attachments: [{ filename: 'INV-0042.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }],
    });
    transport.close();

    const list = messagesSummary.parse(await json(`${mailpit.apiUrl}/messages`));
    expect(list.total).toBe(1);
    const [summary] = list.messages;
    expect(summary).toMatchObject({
      Subject: 'Invoice INV-0042 from Acme Ltd',
      From: { Name: 'Acme Ltd', Address: 'billing@acme.example' },
      To: [{ Address: 'ap@customer.example' }],
    });
    const full = message.parse(await json(`${mailpit.apiUrl}/message/${summary!.ID}`));
    expect(full.Text.trim()).toBe('Your invoice INV-0042 for 1,200.00 GBP is attached.');
    expect(full.Username).toBe('acme-demo');
    expect(full.ReplyTo).toEqual([{ Name: '', Address: 'accounts@acme.example' }]);
    expect(full.Attachments).toEqual([
      expect.objectContaining({ FileName: 'INV-0042.pdf', ContentType: 'application/pdf' }),
    ]);
    // The UI's page answers on its own port (a go-install build lacks the UI's script: see mailpitServer.ts).
    expect((await fetch(mailpit.uiUrl)).status).toBe(200);
  });

  it('refuses a port already taken, naming the variable to change', async () => {
    await expect(startMailpit({ binaryPath, smtpPort: mailpit.smtpPort, uiPort: 0 })).rejects.toThrow(
      /SANDBOX_MAILPIT_SMTP_PORT/,
    );
    await expect(startMailpit({ binaryPath: undefined, smtpPort: 0, uiPort: 0 })).rejects.toThrow(
      MailpitError,
    );
  });

  it('stops: both ports close', async () => {
    const other = await startMailpit({ binaryPath, smtpPort: 0, uiPort: 0 });
    const uiPort = Number(new URL(other.uiUrl).port);
    expect(await accepts(other.smtpHost, other.smtpPort)).toBe(true);
    await other.stop();
    expect(await accepts(other.smtpHost, other.smtpPort)).toBe(false);
    expect(await accepts(other.smtpHost, uiPort)).toBe(false);
  });
});
