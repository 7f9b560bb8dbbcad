import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../worker/audit/auditLog';
import { AccountInstallations, slugOf } from '../../../worker/connections/connectInstallation';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { createTestStore, STORE_KINDS } from '../../support/stores';

describe('slugOf', () => {
  it('keeps lower-case letters, digits and single dashes, at most 50', () => {
    expect(slugOf('Initech Ltd.')).toBe('initech-ltd');
    expect(slugOf('  Société Générale (UK) ')).toBe('societe-generale-uk');
    expect(slugOf('---')).toBe('');
    expect(slugOf('a'.repeat(49) + ' b')).toBe('a'.repeat(49));
  });
});

/** Installs of one account at the same moment: one installation holds it, the other's is removed. */
describe.each(STORE_KINDS)('AccountInstallations on %s', (kind) => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore(kind);
  });
  afterEach(() => store.close());

  it('never leaves two installations for one account installed twice at once', async () => {
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
    );
    const installs = new AccountInstallations({ db: store.db, connections, audit: new AuditLog(store.db) });
    const install = () =>
      installs.connect(
        { newInstallation: { name: null } },
        { vendor: 'salesforce', externalId: '00D000000000001EAA', name: 'Initech' },
        'cli',
        (installationId) =>
          connections.save({
            installationId,
            vendor: 'salesforce',
            externalId: '00D000000000001EAA',
            displayName: 'Initech',
            scopes: [],
            tokens: { accessToken: randomBytes(8).toString('hex') },
          }),
      );
    const [a, b] = await Promise.all([install(), install()]);
    expect(a.id).toBe(b.id);
    expect(a.installationId).toBe(b.installationId);
    expect((await new InstallationStore(store.db).list()).map((i) => i.slug)).toEqual(['initech']);
    const created = await store.db
      .selectFrom('audit_log')
      .select('subject')
      .where('action', '=', 'installation_created')
      .execute();
    expect(created.map((r) => r.subject.installationId)).toEqual([a.installationId]);
  });
});
