import { createHash, randomBytes } from 'node:crypto';
import { consentFormIn } from '../../../worker/cli/consentForm';
import { CLIENT, startXero, type XeroHarness } from './harness';

/**
 * The consent page's organisation picker: with several organisations hosted, the user chooses, and
 * the grant (so `/connections`) covers only what was chosen; a single organisation is approved at
 * once as before.
 */
describe('Xero emulator: the consent page lets the user pick organisations', () => {
  let h: XeroHarness;
  let uk: string;
  let au: string;
  beforeEach(async () => {
    h = await startXero();
    uk = h.emulator.seedDataset({ seed: 2, tenantName: 'Acme <UK> & Co', contacts: 1, invoices: 1 }).tenantId;
    au = h.emulator.seedDataset({ seed: 3, tenantName: 'Acme AU', contacts: 1, invoices: 1 }).tenantId;
  });
  afterEach(async () => h.close());

  const verifier = randomBytes(32).toString('base64url');
  const authorizeUrl = () =>
    h.xero.openIdClient.authorizationUrl({
      redirect_uri: CLIENT.redirectUris[0],
      scope: 'offline_access accounting.invoices',
      state: 'state-42',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  const post = (url: string, form: Array<[string, string]>) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  async function consentPage() {
    const res = await fetch(authorizeUrl(), { redirect: 'manual' });
    expect(res.status).toBe(200);
    const form = consentFormIn(await res.text(), res.url);
    if (!form) throw new Error('no consent form');
    const consent = form.hidden.find(([name]) => name === 'consent')?.[1] ?? '';
    return { form, consent };
  }

  async function tenantsOf(callback: string): Promise<string[]> {
    const params = h.xero.openIdClient.callbackParams(callback);
    const tokens = await h.xero.openIdClient.oauthCallback(CLIENT.redirectUris[0] as string, params, {
      state: 'state-42',
      code_verifier: verifier,
    });
    const res = await fetch(`${h.server.url}/connections`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    return ((await res.json()) as Array<{ tenantId: string }>).map((c) => c.tenantId);
  }

  it('lists every organisation by name, and grants only the ones ticked', async () => {
    const { form, consent } = await consentPage();
    expect(form.options).toEqual([
      { value: h.tenantId, label: 'Demo Company (Global)' },
      { value: uk, label: 'Acme <UK> & Co' },
      { value: au, label: 'Acme AU' },
    ]);
    const allowed = await post(form.action, [
      ['consent', consent],
      ['organisation', au],
      ['organisation', uk],
      ['decision', 'allow'],
    ]);
    expect(allowed.status).toBe(302);
    expect(new URL(allowed.headers.get('location') ?? '').searchParams.get('state')).toBe('state-42');
    expect((await tenantsOf(allowed.headers.get('location') ?? '')).sort()).toEqual([au, uk].sort());

    // Answered once: the same consent cannot mint a second code.
    const again = await post(form.action, [
      ['consent', consent],
      ['organisation', au],
      ['decision', 'allow'],
    ]);
    expect(again.status).toBe(400);
  });

  it('asks again when nothing or a foreign organisation is ticked; Cancel sends access_denied', async () => {
    const { form, consent } = await consentPage();
    const none = await post(form.action, [
      ['consent', consent],
      ['decision', 'allow'],
    ]);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Select at least one of your organisations.');
    const foreign = await post(form.action, [
      ['consent', consent],
      ['organisation', 'not-an-organisation'],
      ['decision', 'allow'],
    ]);
    expect(foreign.status).toBe(400);

    const denied = await post(form.action, [
      ['consent', consent],
      ['decision', 'deny'],
    ]);
    expect(denied.status).toBe(302);
    const back = new URL(denied.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('state-42');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a consent that expired, and one never issued', async () => {
    const { form, consent } = await consentPage();
    h.emulator.clock.advance(11 * 60_000);
    const late = await post(form.action, [
      ['consent', consent],
      ['organisation', uk],
      ['decision', 'allow'],
    ]);
    expect(late.status).toBe(400);
    const forged = await post(form.action, [
      ['consent', 'forged'],
      ['organisation', uk],
      ['decision', 'allow'],
    ]);
    expect(forged.status).toBe(400);
  });

  it('approves at once when only one organisation is hosted', async () => {
    h.emulator.store.dropTenant(uk);
    h.emulator.store.dropTenant(au);
    const res = await fetch(authorizeUrl(), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(await tenantsOf(res.headers.get('location') ?? '')).toEqual([h.tenantId]);
  });
});
