import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import connectUrl from '@salesforce/apex/LedgerbridgeXeroConnections.connectUrl';
import disconnect from '@salesforce/apex/LedgerbridgeXeroConnections.disconnect';
import LedgerbridgeXeroConnections from 'c/ledgerbridgeXeroConnections';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import connectionsAdmin from './data/connectionsAdmin.json';
import connectionsReader from './data/connectionsReader.json';
import noConnections from './data/noConnections.json';
import afterDisconnect from './data/afterDisconnect.json';
import noApexAccess from './data/noApexAccess.json';

jest.mock('@salesforce/apex/LedgerbridgeXeroConnections.listConnections', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/LedgerbridgeXeroConnections.connectUrl', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/LedgerbridgeXeroConnections.disconnect', () => ({ default: jest.fn() }), {
  virtual: true,
});

type Overview = Awaited<ReturnType<typeof listConnections>>;
const AU_ID = '7a2d3b0f-4c5e-4f60-9b8c-0d1e2f3a4b5c';
const CONNECT_URL = 'https://ledgerbridge.example.com/oauth/xero/start?ticket=AbC';

async function render(overview?: unknown) {
  if (overview) jest.mocked(listConnections).mockResolvedValue(overview as Overview);
  const element = mount('c-ledgerbridge-xero-connections', LedgerbridgeXeroConnections);
  await flushPromises();
  return element;
}

/** Each row as [organisation, status, problem, last token refresh]. */
function rows(root: ShadowRoot): string[][] {
  return [...root.querySelectorAll('table[data-id="connections"] tbody tr')].map((tr) => [
    textOf(tr, 'td:nth-child(1)'),
    textOf(tr, '[data-id="status"]'),
    textOf(tr, '[data-id="problem"]'),
    textOf(tr, 'td:nth-child(3)'),
  ]);
}

function buttons(root: ShadowRoot, connectionId: string): string[] {
  return [...root.querySelectorAll(`tr[data-connection-id="${connectionId}"] lightning-button`)].map(
    (b) => (b as HTMLElement & { label: string }).label,
  );
}

async function click(root: ShadowRoot, selector: string) {
  root.querySelector<HTMLElement>(selector)?.click();
  await flushPromises();
}

describe('c-ledgerbridge-xero-connections', () => {
  let open: jest.SpyInstance;
  beforeEach(() => {
    open = jest.spyOn(window, 'open').mockReturnValue({ opener: window } as unknown as Window);
  });
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
    open.mockRestore();
  });

  it('shows a spinner while the connections load', async () => {
    jest.mocked(listConnections).mockReturnValue(new Promise(() => undefined));
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why the connections could not be loaded', async () => {
    jest.mocked(listConnections).mockRejectedValue({
      body: { message: 'This Salesforce org is not connected to Ledgerbridge.' },
    });
    const element = await render();
    expect(textOf(element.shadowRoot, '[data-id="error"]')).toBe(
      'Xero connections could not be loaded: This Salesforce org is not connected to Ledgerbridge.',
    );
    await expect(element).toBeAccessible();
  });

  it.each([
    ['without access to the Apex class (Ledgerbridge User only)', noApexAccess],
    ['refused with HTTP 403', { status: 403, body: { message: 'Forbidden' } }],
  ])('a user %s sees a quiet note, no error and no actions', async (_case, failure) => {
    jest.mocked(listConnections).mockRejectedValue(failure);
    const element = await render();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-access"]')).toBe(
      'Your Ledgerbridge admin manages the Xero connections.',
    );
    expect(root.querySelector('[data-id="error"]')).toBeNull();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('.slds-text-color_error')).toBeNull();
    expect(root.querySelector('[data-id="refresh"]')).toBeNull();
    expect(root.querySelector('[data-id="connect"]')).toBeNull();
    expect(root.querySelector('lightning-spinner')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists each Xero organisation with its status, and offers an admin reconnect and disconnect', async () => {
    const element = await render(connectionsAdmin);
    const root = element.shadowRoot;
    expect(rows(root)).toEqual([
      ['Acme Ltd (UK)', 'Connected', '', 'Nov 23, 2026, 9:55 AM UTC'],
      ['Acme Pty (AU)', 'Needs reconnecting', 'invalid_grant: the refresh token was revoked', 'Not yet'],
    ]);
    expect(buttons(root, connectionsAdmin.connections[0]!.id)).toEqual(['Disconnect']);
    expect(buttons(root, AU_ID)).toEqual(['Reconnect', 'Disconnect']);
    expect(root.querySelector('[data-id="connect"]')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows a user who is not an admin the list without any action', async () => {
    const element = await render(connectionsReader);
    const root = element.shadowRoot;
    expect(rows(root)).toEqual([
      ['Acme Pty (AU)', 'Needs reconnecting', 'invalid_grant: the refresh token was revoked', 'Not yet'],
    ]);
    expect(buttons(root, AU_ID)).toEqual([]);
    expect(root.querySelector('[data-id="connect"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says when nothing is connected yet', async () => {
    const element = await render(noConnections);
    expect(textOf(element.shadowRoot, '[data-id="empty"]')).toBe(
      'No Xero organisation is connected yet. Connect one to start syncing.',
    );
    await expect(element).toBeAccessible();
  });

  it('Connect Xero opens the worker’s connect link in a new window', async () => {
    jest.mocked(connectUrl).mockResolvedValue({ url: CONNECT_URL, expiresAt: '2026-11-23T10:05:00.000Z' });
    const popup = { opener: window as Window | null };
    open.mockReturnValue(popup as unknown as Window);
    const element = await render(noConnections);
    await click(element.shadowRoot, '[data-id="connect"]');
    expect(connectUrl).toHaveBeenCalledWith({ reconnectId: null });
    expect(open).toHaveBeenCalledWith(CONNECT_URL, '_blank');
    // The worker's page gets no handle back on the Salesforce page.
    expect(popup.opener).toBeNull();
    expect(textOf(element.shadowRoot, '[data-id="message"]')).toBe(
      'Xero opened in a new window: finish connecting there, then refresh this list.',
    );
    expect(element.shadowRoot.querySelector('[data-id="connect-link"]')).toBeNull();
  });

  it('Reconnect asks for a link for that organisation, and shows it when the window is blocked', async () => {
    open.mockReturnValue(null);
    jest.mocked(connectUrl).mockResolvedValue({ url: CONNECT_URL, expiresAt: '2026-11-23T10:05:00.000Z' });
    const element = await render(connectionsAdmin);
    await click(element.shadowRoot, `tr[data-connection-id="${AU_ID}"] [data-id="reconnect"]`);
    expect(connectUrl).toHaveBeenCalledWith({ reconnectId: AU_ID });
    const link = element.shadowRoot.querySelector<HTMLAnchorElement>('[data-id="connect-link"]');
    expect(link?.href).toBe(CONNECT_URL);
    expect(link?.rel).toBe('noopener noreferrer');
    expect(link?.target).toBe('_blank');
    await expect(element).toBeAccessible();
  });

  it.each([['javascript:alert(1)'], ['http://ledgerbridge.example.com/oauth/xero/start']])(
    'opens no window and shows no link for a connect link that is not https (%s)',
    async (url) => {
      open.mockReturnValue(null);
      jest.mocked(connectUrl).mockResolvedValue({ url, expiresAt: '2026-11-23T10:05:00.000Z' });
      const element = await render(connectionsAdmin);
      await click(element.shadowRoot, '[data-id="connect"]');
      expect(open).not.toHaveBeenCalled();
      expect(element.shadowRoot.querySelector('[data-id="connect-link"]')).toBeNull();
      expect(textOf(element.shadowRoot, '[data-id="message"]')).toBe(
        'Xero could not be connected: the worker answered with a link that is not https',
      );
    },
  );

  it('says why a connect link was refused', async () => {
    jest
      .mocked(connectUrl)
      .mockRejectedValue({ body: { message: 'Only a Ledgerbridge admin can connect Xero.' } });
    const element = await render(connectionsAdmin);
    await click(element.shadowRoot, '[data-id="connect"]');
    expect(open).not.toHaveBeenCalled();
    expect(textOf(element.shadowRoot, '[data-id="message"]')).toBe(
      'Xero could not be connected: Only a Ledgerbridge admin can connect Xero.',
    );
  });

  it('Disconnect asks first, then disconnects and shows the list the worker answers', async () => {
    jest.mocked(disconnect).mockResolvedValue(afterDisconnect as Overview);
    const element = await render(connectionsAdmin);
    const root = element.shadowRoot;
    const toasts: unknown[] = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));

    await click(root, `tr[data-connection-id="${AU_ID}"] [data-id="disconnect"]`);
    expect(disconnect).not.toHaveBeenCalled();
    expect(textOf(root, '[data-id="confirm-text"]')).toBe(
      'Disconnect Acme Pty (AU)? Ledgerbridge stops syncing it and gives up its access to Xero.',
    );
    await click(root, '[data-id="cancel-disconnect"]');
    expect(root.querySelector('[data-id="confirm-text"]')).toBeNull();

    await click(root, `tr[data-connection-id="${AU_ID}"] [data-id="disconnect"]`);
    await click(root, '[data-id="confirm-disconnect"]');
    expect(disconnect).toHaveBeenCalledWith({ connectionId: AU_ID });
    expect(rows(root)[1]).toEqual(['Acme Pty (AU)', 'Disconnected', '', 'Not yet']);
    expect(buttons(root, AU_ID)).toEqual(['Reconnect']);
    expect(textOf(root, '[data-id="message"]')).toBe('Acme Pty (AU) is disconnected.');
    expect(toasts).toEqual([expect.objectContaining({ title: 'Xero disconnected', variant: 'success' })]);
    await expect(element).toBeAccessible();
  });

  it('says why a disconnect failed and keeps the list', async () => {
    jest.mocked(disconnect).mockRejectedValue({ body: { message: 'No such Xero connection.' } });
    const element = await render(connectionsAdmin);
    const root = element.shadowRoot;
    await click(root, `tr[data-connection-id="${AU_ID}"] [data-id="disconnect"]`);
    await click(root, '[data-id="confirm-disconnect"]');
    expect(textOf(root, '[data-id="message"]')).toBe(
      'Acme Pty (AU) could not be disconnected: No such Xero connection.',
    );
    expect(rows(root)).toHaveLength(2);
  });

  it('Refresh reads the list again', async () => {
    const element = await render(noConnections);
    jest.mocked(listConnections).mockResolvedValue(connectionsAdmin as Overview);
    await click(element.shadowRoot, '[data-id="refresh"]');
    expect(listConnections).toHaveBeenCalledTimes(2);
    expect(rows(element.shadowRoot)).toHaveLength(2);
  });
});
