import { parseConnectSmtpArgs, ConnectSmtpUsageError } from '../../../../worker/cli/connectSmtpArgs';
import {
  isLoopbackHost,
  MailAccountError,
  parseMailAccount,
  SANDBOX_SMTP_ACCOUNT,
  type MailAccountInput,
} from '../../../../worker/delivery/mail/mailAccountInput';
import { classifySmtpError } from '../../../../worker/delivery/mail/mailErrors';

const account = (overrides: Partial<MailAccountInput> = {}): MailAccountInput => ({
  host: 'smtp.acme.example',
  port: 587,
  security: 'starttls',
  username: 'billing@acme.example',
  password: 'correct horse battery staple',
  fromAddress: 'billing@acme.example',
  fromName: 'Acme Billing',
  ...overrides,
});

describe('parseMailAccount', () => {
  it('takes a proper account in either mode', () => {
    for (const mode of ['sandbox', 'live'] as const)
      expect(parseMailAccount(account(), mode)).toEqual({
        mode,
        host: 'smtp.acme.example',
        port: 587,
        security: 'starttls',
        auth: { username: 'billing@acme.example', password: 'correct horse battery staple' },
        fromAddress: 'billing@acme.example',
        fromName: 'Acme Billing',
      });
  });

  it('refuses clear text across a network when live, but not to this machine or in the sandbox', () => {
    const clear = account({ security: 'none' });
    expect(() => parseMailAccount(clear, 'live')).toThrow(
      /security: "none" would send invoices in clear text/,
    );
    expect(parseMailAccount(clear, 'sandbox').security).toBe('none');
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.3.2.1'])
      expect(parseMailAccount(account({ host, security: 'none' }), 'live').host).toBe(host);
  });

  it("refuses the sandbox's public credentials when live, never quoting the password", () => {
    const demo = account({ ...SANDBOX_SMTP_ACCOUNT, host: '127.0.0.1', security: 'none' });
    expect(parseMailAccount(demo, 'sandbox').auth).toEqual(SANDBOX_SMTP_ACCOUNT);
    expect(() => parseMailAccount(demo, 'live')).toThrow(MailAccountError);
    expect(() => parseMailAccount({ ...account(), password: SANDBOX_SMTP_ACCOUNT.password }, 'live')).toThrow(
      /sandbox's public credentials/,
    );
    try {
      parseMailAccount({ ...account(), password: SANDBOX_SMTP_ACCOUNT.password }, 'live');
    } catch (err) {
      expect((err as Error).message).not.toContain(SANDBOX_SMTP_ACCOUNT.password);
    }
  });

  it('names the field it refuses', () => {
    expect(() => parseMailAccount(account({ port: 70000 }), 'sandbox')).toThrow(/port/);
    expect(() => parseMailAccount(account({ host: 'smtp acme' }), 'sandbox')).toThrow(/host/);
    expect(() => parseMailAccount(account({ fromAddress: 'billing' }), 'sandbox')).toThrow(/from/);
    expect(() => parseMailAccount(account({ password: undefined }), 'sandbox')).toThrow(/give both/);
    expect(() => parseMailAccount(account({ fromName: 'A\r\nBcc: x@y.z' }), 'sandbox')).toThrow(/one line/);
    expect(
      parseMailAccount(account({ username: undefined, password: undefined }), 'sandbox').auth,
    ).toBeNull();
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});

describe('npm run connect:smtp arguments', () => {
  const base = [
    '--installation',
    'acme',
    '--host',
    'smtp.acme.example',
    '--port',
    '587',
    '--security',
    'starttls',
  ];

  it('reads the account, the password only from a file', () => {
    expect(
      parseConnectSmtpArgs([
        ...base,
        '--user',
        'u',
        '--password-file',
        '/run/secret',
        '--from',
        'b@acme.example',
      ]),
    ).toMatchObject({
      installation: 'acme',
      host: 'smtp.acme.example',
      port: 587,
      security: 'starttls',
      username: 'u',
      passwordFile: '/run/secret',
      fromAddress: 'b@acme.example',
    });
    expect(() =>
      parseConnectSmtpArgs([...base, '--password', 'hunter2', '--from', 'b@acme.example']),
    ).toThrow(/--password-file/);
    expect(() => parseConnectSmtpArgs([...base, '--user', 'u', '--from', 'b@acme.example'])).toThrow(
      ConnectSmtpUsageError,
    );
    expect(() => parseConnectSmtpArgs(['--installation', 'acme', '--host', 'h', '--port', 'x'])).toThrow(
      /--port/,
    );
  });
});

describe('classifySmtpError', () => {
  const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

  it('a 5xx reply is permanent, a 4xx or 503 transient; both certainly not delivered', () => {
    expect(classifySmtpError(smtpError({ responseCode: 550, response: '550 No such user' }))).toEqual({
      permanent: true,
      definite: true,
      description: '550 No such user',
    });
    expect(classifySmtpError(smtpError({ responseCode: 451 }))).toMatchObject({
      permanent: false,
      definite: true,
    });
    expect(classifySmtpError(smtpError({ responseCode: 503 }))).toMatchObject({
      permanent: false,
      definite: true,
    });
  });

  it('without a reply: sure only when it failed before the message was handed over', () => {
    expect(classifySmtpError(smtpError({ code: 'EDNS' }))).toMatchObject({
      permanent: false,
      definite: true,
    });
    expect(
      classifySmtpError(smtpError({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' })),
    ).toMatchObject({
      definite: true,
    });
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }))).toMatchObject({
      definite: false,
    });
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION' }))).toMatchObject({ definite: false });
    expect(classifySmtpError(new Error('process died'))).toMatchObject({ permanent: false, definite: false });
  });
});
