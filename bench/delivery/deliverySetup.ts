import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import { parseMailAccount, SANDBOX_SMTP_ACCOUNT } from '../../worker/delivery/mail/mailAccountInput';
import { MailAccounts } from '../../worker/delivery/mail/mailAccounts';
import { DEFAULT_INSTALLATION_SLUG, InstallationStore } from '../../worker/installations/installationStore';
import { openStore } from '../../worker/store/store';
import { MappingSettingsStore } from '../../worker/sync/mappingSettingsStore';

/** How bench:delivery's installation sends: Ledgerbridge e-mails each invoice once, nothing else. */
export const BENCH_DELIVERY = {
  sender: 'ledgerbridge',
  reminderDays: [],
  fileInCrm: false,
  portalLinkDays: 30,
} as const;

/**
 * Prepares the default installation (the one `npm run connect` connects Xero into) as an operator
 * would before connecting: its SMTP account, Mailpit's (as `npm run connect:smtp` saves it, sealed
 * with the worker's keyring), and delivery on in its settings. Run after the worker's migrations.
 */
export async function prepareInstallation(input: {
  databaseUrl: string;
  encryptionKeys: string;
  smtp: { host: string; port: number };
}): Promise<string> {
  const store = await openStore({ kind: 'postgres', url: input.databaseUrl }, { migrate: false });
  try {
    const installation = await new InstallationStore(store.db).ensure({
      slug: DEFAULT_INSTALLATION_SLUG,
      name: 'Default installation',
    });
    const account = parseMailAccount(
      {
        host: input.smtp.host,
        port: input.smtp.port,
        security: 'none',
        ...SANDBOX_SMTP_ACCOUNT,
        fromAddress: 'accounts@bench-delivery.example',
        fromName: 'Bench Delivery Ltd',
      },
      'sandbox',
    );
    const box = new SecretBox(parseKeyring(input.encryptionKeys));
    await new MailAccounts(store.db, box).save(installation.id, account, 'bench:delivery');
    await new MappingSettingsStore(store.db).save(
      installation.id,
      { delivery: BENCH_DELIVERY },
      { source: 'bench', savedBy: 'bench:delivery' },
    );
    return installation.id;
  } finally {
    await store.close();
  }
}
