import { randomUUID } from 'node:crypto';
import { XeroWrites } from '../../../../worker/connectors/xero/xeroWrites';
import { startConnectedXero, type ConnectedXero } from '../../../support/connectedXero';

/** The contact lookup of the deal-to-invoice flow against the Xero emulator, through xero-node. */
describe('XeroWrites contact lookup', () => {
  let xero: ConnectedXero;
  let writes: XeroWrites;

  beforeAll(async () => {
    xero = await startConnectedXero({ scope: 'offline_access accounting.contacts' });
    writes = new XeroWrites(xero.api);
  });
  afterAll(() => xero.close());

  it('finds a contact whose name holds quotes and backslashes by its exact name, not a look-alike', async () => {
    const quoted = await writes.createContact({ name: 'The "Best" Co', email: null }, randomUUID());
    await writes.createContact({ name: 'The Best Co', email: null }, randomUUID());
    const slashed = await writes.createContact({ name: 'Back\\Slash Ltd', email: null }, randomUUID());
    await writes.createContact({ name: 'BackSlash Ltd', email: null }, randomUUID());

    expect(await writes.findContacts({ name: 'The "Best" Co', email: null })).toEqual([
      { id: quoted, name: 'The "Best" Co' },
    ]);
    expect(await writes.findContacts({ name: 'Back\\Slash Ltd', email: null })).toEqual([
      { id: slashed, name: 'Back\\Slash Ltd' },
    ]);
  });
});
