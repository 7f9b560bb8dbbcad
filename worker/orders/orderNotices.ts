import { createHash } from 'node:crypto';
import type { MailAccounts, StoredMailAccount } from '../delivery/mail/mailAccounts';
import type { MailSender } from '../delivery/mail/mailTransports';

export interface OrderNotice {
  /** Stable per problem (`order:<id>` or `post:<body hash>`): the Message-ID is made from it. */
  key: string;
  to: string;
  subject: string;
  text: string;
}

export type NoticeOutcome = 'sent' | 'no_mail_account';

/** Tells customer service of a rejected order by e-mail. */
export interface OrderNotices {
  send(installationId: string, notice: OrderNotice): Promise<NoticeOutcome>;
}

/**
 * Notices go through the installation's own SMTP account (npm run connect:smtp), the one invoices
 * are sent with. The Message-ID is derived from the notice's key, so the rare repeat after a worker
 * died between the send and its record is one conversation in the mail client, not two.
 */
export function smtpOrderNotices(deps: {
  accounts: Pick<MailAccounts, 'load'>;
  transports: { transportFor(account: StoredMailAccount): MailSender };
  now?: () => Date;
}): OrderNotices {
  return {
    async send(installationId, notice) {
      const account = await deps.accounts.load(installationId);
      if (!account) return 'no_mail_account';
      const digest = createHash('sha256')
        .update(`${installationId}:${notice.key}`)
        .digest('hex')
        .slice(0, 32);
      const domain = account.fromAddress.split('@')[1] ?? 'ledgerbridge.invalid';
      await deps.transports.transportFor(account).send({
        messageId: `<order-notice.${digest}@${domain}>`,
        date: (deps.now ?? (() => new Date()))(),
        from: account.fromName
          ? { address: account.fromAddress, name: account.fromName }
          : account.fromAddress,
        to: notice.to,
        subject: notice.subject,
        text: notice.text,
      });
      return 'sent';
    },
  };
}
