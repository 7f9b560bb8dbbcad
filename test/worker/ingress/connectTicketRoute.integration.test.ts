import { InstallationStore } from '../../../worker/installations/installationStore';
import { startAppIngress, type AppIngress } from './appIngress';

/**
 * POST /connect/tickets: how `npm run connect` gets its ticket from a running worker in the
 * embedded mode. Only on the operations listener, only for the operator's token.
 */
describe('connect tickets for the operator', () => {
  let app: AppIngress;
  beforeAll(async () => {
    app = await startAppIngress();
  });
  afterAll(() => app.close());

  const ask = (body: unknown, token: string | null = app.operatorToken, url = app.operations.url) =>
    fetch(`${url}/connect/tickets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });

  it('refuses a request without the operator token, and is not served on the public listener', async () => {
    const none = await ask({ vendor: 'xero' }, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await ask({ vendor: 'xero' }, `${app.operatorToken}x`)).status).toBe(401);
    expect((await ask({ vendor: 'xero' }, app.operatorToken, app.ingress.url)).status).toBe(404);
    expect(await app.store.db.selectFrom('connect_tickets').selectAll().execute()).toEqual([]);
  });

  it('names the bad field of a request', async () => {
    const vendor = await ask({ vendor: 'stripe' });
    expect(vendor.status).toBe(400);
    expect(((await vendor.json()) as { message: string }).message).toMatch(/^vendor: /);
    const slug = await ask({ vendor: 'xero', installation: 'Not A Slug' });
    expect(slug.status).toBe(400);
    expect(((await slug.json()) as { message: string }).message).toMatch(/^installation: lower-case/);
    const xeroInstall = await ask({ vendor: 'xero', newInstallation: true });
    expect(xeroInstall.status).toBe(400);
    expect(((await xeroInstall.json()) as { message: string }).message).toMatch(/^vendor: an install ticket/);
    const both = await ask({ vendor: 'salesforce', newInstallation: true, installation: 'acme' });
    expect(((await both.json()) as { message: string }).message).toMatch(/^installation: /);
    const nameAlone = await ask({ vendor: 'salesforce', name: 'Acme' });
    expect(((await nameAlone.json()) as { message: string }).message).toMatch(/^name: /);
  });

  it('issues an install ticket, naming no installation, that the start redeems as one', async () => {
    const before = await app.store.db.selectFrom('installations').select('slug').execute();
    const res = await ask({ vendor: 'salesforce', newInstallation: true, name: 'Initech' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ticket: string; installation: unknown };
    expect(body.installation).toBeNull();
    expect(await app.store.db.selectFrom('installations').select('slug').execute()).toEqual(before);
    await expect(app.tickets.redeem(body.ticket, 'salesforce')).resolves.toMatchObject({
      ok: true,
      target: { newInstallation: { name: 'Initech' } },
      issuedTo: 'cli',
    });
  });

  it('issues a ticket into the named installation (made when missing) that the start redeems', async () => {
    const res = await ask({ vendor: 'hubspot', installation: 'acme' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { ticket: string; expiresAt: string; installation: unknown };
    expect(body.installation).toEqual({ slug: 'acme', created: true });
    const acme = await new InstallationStore(app.store.db).requireBySlug('acme');
    await expect(app.tickets.redeem(body.ticket, 'hubspot')).resolves.toMatchObject({
      ok: true,
      target: { installationId: acme.id },
      issuedTo: 'cli',
    });
    const again = (await (await ask({ vendor: 'xero', installation: 'acme' })).json()) as {
      installation: unknown;
    };
    expect(again.installation).toEqual({ slug: 'acme', created: false });
    const defaulted = (await (await ask({ vendor: 'xero' })).json()) as { installation: unknown };
    expect(defaulted.installation).toEqual({ slug: 'default', created: true });
  });
});
