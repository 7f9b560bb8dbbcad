import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../../worker/audit/auditLog';
import { SecretBox } from '../../../../worker/connections/secretBox';
import { connectMailAccount } from '../../../../worker/delivery/mail/connectMailAccount';
import { MailAccountError, SANDBOX_SMTP_ACCOUNT } from '../../../../worker/delivery/mail/mailAccountInput';
import { MailAccounts } from '../../../../worker/delivery/mail/mailAccounts';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import type { Store } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';

const PASSWORD = 'correct horse battery staple';

describe('connectMailAccount and MailAccounts', () => {
  let store: Store;
  let accounts: MailAccounts;
  const connect = (mode: 'sandbox' | 'live', input: Partial<Parameters<typeof connectMailAccount>[1]> = {}) =>
    connectMailAccount(
      { db: store.db, accounts, audit: new AuditLog(store.db), mode },
      {
        installation: 'acme',
        host: 'smtp.acme.example',
        port: 587,
        security: 'starttls',
        username: 'billing@acme.example',
        password: PASSWORD,
        fromAddress: 'billing@acme.example',
        by: 'cli:ops',
        ...input,
      },
    );

  beforeEach(async () => {
    store = await createTestStore('pglite');
    accounts = new MailAccounts(store.db, new SecretBox([{ id: 'k1', key: randomBytes(32) }]));
    await new InstallationStore(store.db).ensure({ slug: 'acme' });
  });
  afterEach(() => store.close());

  it('seals the password, audits who connected it without it, and replaces the account when connected again', async () => {
    const { installationId } = await connect('live');
    const row = await store.db.selectFrom('mail_accounts').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ installation_id: installationId, mode: 'live', security: 'starttls' });
    const everything =
      JSON.stringify(await store.db.selectFrom('mail_accounts').selectAll().execute()) +
      JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(PASSWORD);
    expect((await accounts.load(installationId))?.auth).toEqual({
      username: 'billing@acme.example',
      password: PASSWORD,
    });
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor', 'detail']).execute();
    expect(audit).toEqual([
      {
        action: 'mail_account_connected',
        actor: 'cli:ops',
        detail: expect.objectContaining({
          host: 'smtp.acme.example',
          mode: 'live',
          username: 'billing@acme.example',
        }),
      },
    ]);

    await connect('live', {
      username: undefined,
      password: undefined,
      host: '127.0.0.1',
      security: 'none',
      port: 25,
    });
    const replaced = await accounts.load(installationId);
    expect(replaced).toMatchObject({ host: '127.0.0.1', port: 25, security: 'none', auth: null });
  });

  it('a password moved to another installation does not open', async () => {
    const { installationId } = await connect('sandbox');
    const other = await new InstallationStore(store.db).ensure({ slug: 'other' });
    const sealed = await store.db
      .selectFrom('mail_accounts')
      .select('password_sealed')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('mail_accounts')
      .values({
        installation_id: other.id,
        mode: 'sandbox',
        host: 'h',
        port: 25,
        security: 'none',
        username: 'u',
        password_sealed: JSON.stringify(sealed.password_sealed),
        from_address: 'a@b.example',
        from_name: null,
        connected_by: 'test',
      })
      .execute();
    expect((await accounts.load(installationId))?.auth?.password).toBe(PASSWORD);
    await expect(accounts.load(other.id)).rejects.toThrow();
  });

  it('refuses, when live, clear text across a network and the sandbox credentials, storing nothing', async () => {
    await expect(connect('live', { security: 'none' })).rejects.toBeInstanceOf(MailAccountError);
    await expect(connect('live', { ...SANDBOX_SMTP_ACCOUNT })).rejects.toThrow(
      /sandbox's public credentials/,
    );
    await expect(connect('live', { installation: 'nobody' })).rejects.toThrow(/no installation "nobody"/);
    expect(await store.db.selectFrom('mail_accounts').selectAll().execute()).toEqual([]);
    await expect(connect('sandbox', { ...SANDBOX_SMTP_ACCOUNT, security: 'none' })).resolves.toMatchObject({
      mode: 'sandbox',
    });
  });
});
