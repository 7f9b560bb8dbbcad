import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import { DEAL } from './zohoSchema';

/**
 * The mapping settings name deal stages as a person reads them ("Closed Won", "Proposal"); Zoho
 * takes a value of the org's own Stage picklist (settings/fields), read once per adapter. A name
 * matches a value regardless of case, or the one value it begins (Zoho's standard "Proposal/Price
 * Quote" for "Proposal"); anything else is refused with the values the org has.
 */
export class ZohoStages {
  private values: Promise<string[]> | undefined;

  constructor(private readonly client: ZohoClient) {}

  async resolve(stage: string): Promise<string> {
    this.values ??= this.client.fields(DEAL.module).then(
      (fields) =>
        (fields.find((f) => f.api_name === DEAL.stage)?.pick_list_values ?? []).map(
          (v) => v.actual_value ?? v.display_value,
        ),
      // A failed read is not kept: the next deal asks Zoho again.
      (err: unknown) => {
        this.values = undefined;
        throw err;
      },
    );
    const values = await this.values;
    if (values.length === 0) return stage;
    const wanted = stage.trim().toLowerCase();
    const exact = values.find((v) => v.toLowerCase() === wanted);
    if (exact) return exact;
    const longer = values.filter((v) => v.toLowerCase().startsWith(`${wanted}/`));
    if (longer.length === 1 && longer[0]) return longer[0];
    throw new VendorError(
      'validation',
      'zoho',
      `no deal stage "${stage}" in the org's Stage picklist (${values.join(', ')}): name one in the mapping settings`,
    );
  }
}
