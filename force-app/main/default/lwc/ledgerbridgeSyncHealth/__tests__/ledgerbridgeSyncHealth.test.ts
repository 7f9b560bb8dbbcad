import { graphql } from 'lightning/graphql';
import LedgerbridgeSyncHealth from 'c/ledgerbridgeSyncHealth';
import { flushPromises, mount, resetDom, textOf } from '../../../../../test/jest-mocks/mount';
import { testAdapter } from '../../../../../test/jest-mocks/wireAdapters';
import health from './data/health.json';
import empty from './data/empty.json';

const healthQuery = testAdapter(graphql);

async function render() {
  const element = mount('c-ledgerbridge-sync-health', LedgerbridgeSyncHealth);
  await flushPromises();
  return element;
}

function rows(root: ShadowRoot, table: string): string[][] {
  return [...root.querySelectorAll(`table[data-id="${table}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
  );
}

describe('c-ledgerbridge-sync-health', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('shows a spinner while loading', async () => {
    const element = await render();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why when the health records cannot be read', async () => {
    const element = await render();
    healthQuery.emitErrors([{ message: 'Ledgerbridge_Sync_Status__c is not supported' }]);
    await flushPromises();
    expect(textOf(element.shadowRoot, '[data-id="error"]')).toBe(
      'Sync health could not be loaded: Ledgerbridge_Sync_Status__c is not supported',
    );
    await expect(element).toBeAccessible();
  });

  it('before the worker reports anything, says so', async () => {
    const element = await render();
    healthQuery.emit(empty);
    await flushPromises();
    const root = element.shadowRoot;
    expect(textOf(root, '[data-id="no-connections"]')).toBe(
      'The worker has not reported any connection yet.',
    );
    expect(textOf(root, '[data-id="last-run"]')).toBe('No parity check has run yet.');
    expect(textOf(root, '[data-id="open-findings"]')).toBe('No open findings: Xero and Salesforce agree.');
    expect(root.querySelector('[data-id="failures"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows each connection, the recent failures, the last parity check and its open findings', async () => {
    const element = await render();
    const refresh = jest.fn().mockResolvedValue(undefined);
    healthQuery.emit(health, undefined, refresh);
    await flushPromises();
    const root = element.shadowRoot;
    expect(rows(root, 'connections')).toEqual([
      ['salesforce:Ledgerbridge Demo Org', 'active', 'Nov 23, 2026, 9:55 AM UTC', 'None', '0'],
      [
        'xero:Demo Company (UK)',
        'needs_reauth',
        'Nov 23, 2026, 7:00 AM UTC',
        'Nov 23, 2026, 9:50 AM UTC',
        '3',
      ],
    ]);
    expect(textOf(root, '[data-id="failures"] li')).toBe(
      'xero:Demo Company (UK): 3 in 24 h, last at Nov 23, 2026, 9:50 AM UTC: invalid_grant: the refresh token was revoked',
    );
    expect(textOf(root, '[data-id="last-run"]')).toBe(
      'Last parity check (full) finished Nov 23, 2026, 6:00 AM UTC: 1240 record pairs compared, 2 findings.',
    );
    expect(textOf(root, '[data-id="open-findings"]')).toBe('2 open findings:');
    // The picklist value's label when the query has it, the component's own label when not.
    expect(rows(root, 'findings').map((r) => r.slice(0, 5))).toEqual([
      ['Field mismatch', 'INV-0042', 'amountDue', '1188.00', '1200.00'],
      ['Missing in Salesforce', 'INV-0043', '', '', ''],
    ]);
    await expect(element).toBeAccessible();

    root.querySelector<HTMLElement>('[data-id="refresh"]')?.click();
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
