/// <reference types="node" />
// The fixtures are read from disk: this project's tsconfig has no Node types otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  LoadingButton,
  LoadingSpinner,
  StatusTag,
  TableRow,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { XeroConnections } from '../../src/app/settings/components/XeroConnections';
import {
  xeroConnectLinkSchema,
  xeroConnectionListSchema,
  type XeroConnectLink,
  type XeroConnectionList,
  type XeroDisconnected,
} from '../../src/app/settings/generated/xeroConnections';
import type { XeroConnectionsSource } from '../../src/app/settings/lib/xeroConnectionsClient';
import { deferred, type Deferred } from '../support/deferred';
import { eventually } from '../support/eventually';
import { textOf } from '../support/textOf';

/** The fixtures are held to the worker's contract, so a fixture the worker could not send fails here. */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, 'data', name), 'utf8')) as unknown;
const threeOrganisations = () => xeroConnectionListSchema.parse(fixture('xeroConnections.json'));
const connectLink = () => xeroConnectLinkSchema.parse(fixture('xeroConnectLink.json'));

function setup() {
  const lists: Array<Deferred<XeroConnectionList>> = [];
  const links: Array<Deferred<XeroConnectLink>> = [];
  const disconnects: Array<{ id: string; answer: Deferred<XeroDisconnected> }> = [];
  const source: XeroConnectionsSource = {
    list: () => {
      lists.push(deferred());
      return lists[lists.length - 1]!.promise;
    },
    connectLink: () => {
      links.push(deferred());
      return links[links.length - 1]!.promise;
    },
    disconnect: (id) => {
      const answer = deferred<XeroDisconnected>();
      disconnects.push({ id, answer });
      return answer.promise;
    },
  };
  const renderer = createRenderer('settings');
  const render = async () => {
    renderer.render(<XeroConnections source={source} />);
    await eventually(() => expect(lists).toHaveLength(1));
  };
  const open = async (list: XeroConnectionList) => {
    await render();
    lists[0]!.resolve(list);
    await eventually(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  };
  const button = (text: string, nth = 0) => renderer.findAll(Button).filter((b) => textOf(b) === text)[nth]!;
  const connectButton = () => renderer.find(LoadingButton, (b) => textOf(b) === 'Connect Xero');
  const rows = () =>
    renderer
      .findAll(TableRow)
      .slice(1)
      .map((row) => textOf(row.childNodes[0] ?? null));
  return { renderer, lists, links, disconnects, render, open, button, connectButton, rows };
}

describe('Xero organisations section', () => {
  it('shows a spinner while loading', async () => {
    const { renderer, render } = setup();
    await render();
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading the Xero organisations…');
    expect(renderer.maybeFind(LoadingButton)).toBeNull();
  });

  it('shows each organisation with its status, last sync and the actions it allows', async () => {
    const { renderer, open, button, rows } = setup();
    await open(threeOrganisations());
    expect(rows()).toEqual(['Adatum UK Ltd', 'Adatum Pty Ltd', 'Adatum NZ Ltd']);
    expect(renderer.findAll(StatusTag).map((tag) => textOf(tag))).toEqual([
      'Connected',
      'Needs reconnecting',
      'Disconnected',
    ]);
    const text = textOf(renderer.getRootNode());
    expect(text).toContain('20 Nov 2026, 14:05 UTC');
    expect(text).toContain('Not yet');
    expect(text).toContain('invalid_grant: the grant was revoked');
    // Reconnect for the two that are not active; Disconnect for the two that are not disconnected.
    expect(renderer.findAll(Button).filter((b) => textOf(b) === 'Reconnect')).toHaveLength(2);
    expect(renderer.findAll(Button).filter((b) => textOf(b) === 'Disconnect')).toHaveLength(2);
    expect(button('Refresh')).toBeDefined();
  });

  it('with none connected: says so and offers Connect Xero', async () => {
    const { renderer, open, connectButton } = setup();
    await open({ connections: [] });
    expect(renderer.find(EmptyState).props.title).toBe('No Xero organisation is connected');
    expect(connectButton().props.variant).toBe('primary');
  });

  it('Connect Xero fetches a single-use link and offers it as a button opening Xero in a new tab', async () => {
    const { renderer, links, open, connectButton } = setup();
    await open(threeOrganisations());
    connectButton().trigger('onClick');
    await eventually(() => expect(links).toHaveLength(1));
    expect(connectButton().props.loading).toBe(true);
    links[0]!.resolve(connectLink());
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Your connect link is ready' })).not.toBeNull(),
    );
    const open_ = renderer.find(Button, (b) => textOf(b) === 'Open Xero');
    expect(open_.props.href).toEqual({ url: connectLink().url, external: true });
    expect(textOf(renderer.find(Alert))).toContain('until 20 Nov 2026, 14:15 UTC');
    expect(connectButton().props.loading).toBe(false);
  });

  it('Reconnect asks for a link the same way', async () => {
    const { links, open, button } = setup();
    await open(threeOrganisations());
    button('Reconnect').trigger('onClick');
    await eventually(() => expect(links).toHaveLength(1));
  });

  it('a refusal (not a super admin) is shown as the worker words it', async () => {
    const { renderer, links, open, connectButton } = setup();
    await open(threeOrganisations());
    connectButton().trigger('onClick');
    await eventually(() => expect(links).toHaveLength(1));
    links[0]!.reject(
      new Error('Only a super admin of this HubSpot account can change Ledgerbridge’s settings.'),
    );
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Xero could not be connected' })).not.toBeNull(),
    );
    expect(textOf(renderer.find(Alert))).toBe(
      'Only a super admin of this HubSpot account can change Ledgerbridge’s settings.',
    );
  });

  it('Disconnect asks first, then disconnects that organisation and loads the list again', async () => {
    const { renderer, lists, disconnects, open, button } = setup();
    await open(threeOrganisations());
    button('Disconnect').trigger('onClick');
    const confirm = renderer.find(Alert, { title: 'Disconnect Adatum UK Ltd?' });
    expect(disconnects).toHaveLength(0);

    confirm.find(Button, (b) => textOf(b) === 'Cancel').trigger('onClick');
    await eventually(() => expect(renderer.maybeFind(Alert)).toBeNull());

    button('Disconnect').trigger('onClick');
    renderer
      .find(Alert, { title: 'Disconnect Adatum UK Ltd?' })
      .find(Button, (b) => textOf(b) === 'Disconnect')
      .trigger('onClick');
    await eventually(() => expect(disconnects).toHaveLength(1));
    expect(disconnects[0]!.id).toBe(threeOrganisations().connections[0]!.id);
    disconnects[0]!.answer.resolve({ id: disconnects[0]!.id, status: 'disconnected' });
    await eventually(() => expect(lists).toHaveLength(2));
    const after = threeOrganisations();
    after.connections[0]!.status = 'disconnected';
    lists[1]!.resolve(after);
    await eventually(() =>
      expect(renderer.maybeFind(Alert, { title: 'Adatum UK Ltd is disconnected' })).not.toBeNull(),
    );
    expect(renderer.findAll(StatusTag).map((tag) => textOf(tag))[0]).toBe('Disconnected');
  });

  it('a list that cannot be loaded: the reason and Try again', async () => {
    const { renderer, lists, render, button } = setup();
    await render();
    lists[0]!.reject(new Error('This HubSpot account is not connected to Ledgerbridge.'));
    await eventually(() => expect(renderer.maybeFind(ErrorState)).not.toBeNull());
    expect(textOf(renderer.find(ErrorState))).toContain(
      'This HubSpot account is not connected to Ledgerbridge.',
    );
    expect(button('Try again')).toBeDefined();
  });
});
