import { MessageInFlightError, TransientMailError } from '../../../../worker/delivery/mail/mailErrors';
import { SEND_CLAIM_MS, sendInvoiceMessage } from '../../../../worker/delivery/mail/sendInvoiceMessage';
import { unknownOutcomeCheck } from '../../../../worker/delivery/mail/sentMessageChecks';
import { STORE_KINDS } from '../../../support/stores';
import { T0 } from './mailFactories';
import { startMailHarness, type MailHarness } from './mailHarness';

/** Exactly one message per key, whatever happens to the worker between the SMTP 250 and its record. */
describe.each(STORE_KINDS)('sendInvoiceMessage when the worker dies or runs twice (%s)', (store) => {
  let harness: MailHarness;
  beforeEach(async () => {
    harness = await startMailHarness({ store });
  });
  afterEach(() => harness.close());

  it('dies after the 250, before recording it: the retry finds the message by its Message-ID and sends nothing', async () => {
    await expect(
      sendInvoiceMessage(harness.deps({ transports: harness.sendThen('throw') }), harness.request()),
    ).rejects.toBeInstanceOf(TransientMailError);
    expect(harness.catcher.messages).toHaveLength(1);
    const unsure = await harness.store.db
      .selectFrom('invoice_messages')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(unsure).toMatchObject({ sent_at: null, failure_definite: false });

    const retried = await sendInvoiceMessage(harness.deps(), harness.request());
    expect(retried.outcome).toBe('found_sent');
    expect(`<${harness.catcher.messages[0]?.messageId}>`).toBe(retried.messageId);
    // What went out is what the CRM is told, though this attempt built nothing.
    expect(retried.subject).toBe('Invoice INV-0042 from Acme Supplies');
    expect(retried.bodyText).toContain('View and pay');
    expect(harness.catcher.messages).toHaveLength(1);
  });

  it('killed outright holding its claim: others wait, and after the claim runs out the message is found, not resent', async () => {
    const dead = harness.deps({ owner: 'worker-a', transports: harness.sendThen('hang') });
    void sendInvoiceMessage(dead, harness.request());
    await harness.catcher.waitFor(1);

    const other = harness.deps({ owner: 'worker-b', waitForInFlightMs: 200 });
    await expect(sendInvoiceMessage(other, harness.request())).rejects.toBeInstanceOf(MessageInFlightError);
    harness.now = new Date(T0.getTime() + SEND_CLAIM_MS + 1);
    const settled = await sendInvoiceMessage(other, harness.request());
    expect(settled.outcome).toBe('found_sent');
    expect(harness.catcher.messages).toHaveLength(1);
  });

  it('concurrent duplicates send one message and all return it', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        // The waiters poll the same single-connection store as the holder: a wide wait keeps a
        // loaded CI machine from timing them out (the test is about one message, not the wait).
        sendInvoiceMessage(
          harness.deps({ owner: `worker-${i}`, pollMs: 100, waitForInFlightMs: 180_000 }),
          harness.request(),
        ),
      ),
    );
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'already_sent')).toHaveLength(5);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(harness.catcher.messages).toHaveLength(1);
  });

  it('where nothing can tell (a live SMTP server), sends again with the same Message-ID and audits it', async () => {
    const deps = harness.deps({ sentCheck: unknownOutcomeCheck });
    await expect(
      sendInvoiceMessage({ ...deps, transports: harness.sendThen('throw') }, harness.request()),
    ).rejects.toBeInstanceOf(TransientMailError);
    const resent = await sendInvoiceMessage(deps, harness.request());
    expect(resent.outcome).toBe('resent_after_unknown');
    expect(harness.catcher.messages.map((m) => `<${m.messageId}>`)).toEqual([
      resent.messageId,
      resent.messageId,
    ]);
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'invoice_message_resent')
      .execute();
    expect(audit).toEqual([
      {
        action: 'invoice_message_resent',
        detail: expect.objectContaining({ reason: 'resent after an unknown outcome', attempts: 2 }),
      },
    ]);
  });
});
