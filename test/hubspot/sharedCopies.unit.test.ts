import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderCopy, SHARED_COPIES } from '../../scripts/hubspotSharedCopies';
import { mappingSettingsErrors } from '../../workflows/domain/mappingSettings';
import { mappingSettingsErrors as copiedErrors } from '../../hubspot-project/src/app/settings/generated/mappingSettings';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The HubSpot project's copies of shared definitions are generated, never hand-edited: each must be
 * exactly what `npm run hubspot:generate` writes from its one source today.
 */
describe('generated copies in hubspot-project', () => {
  it.each(SHARED_COPIES.map((c) => [c.target, c] as const))(
    '%s is up to date with its source',
    async (_t, copy) => {
      const onDisk = readFileSync(path.join(ROOT, copy.target), 'utf8');
      const expected = await renderCopy(copy);
      if (onDisk !== expected) throw new Error(`${copy.target} is stale: run npm run hubspot:generate`);
    },
  );

  it('the settings page’s copy judges settings exactly as the worker does', () => {
    const samples: unknown[] = [
      {},
      { paymentTermsDays: 400, currencies: { allowed: ['usd'] } },
      { invoiceRules: { statuses: ['SUBMITTED'] }, stageByStatus: {} },
      { items: { SKU1: { accountCode: '' } }, createInvoiceAs: 'SENT' },
    ];
    for (const sample of samples) expect(copiedErrors(sample)).toEqual(mappingSettingsErrors(sample));
  });
});
