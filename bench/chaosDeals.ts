import { createRng, type Rng } from '../sandbox/core/random';
import type { ChaosVendors } from './chaosSandbox';

/**
 * Deals won during a chaos run, as sales reps win them: a new account or company, a deal on it,
 * then the stage set to won. Salesforce through its control API's saves-as-a-user (so the package
 * flow's Closed Won callout goes out), HubSpot in its store as a UI change (so its webhook does).
 */
export interface WonDeal {
  crm: 'salesforce' | 'hubspot';
  dealId: string;
  /** Unique per run: the invoice made from the deal carries it as its reference. */
  name: string;
}

export class WonDealMaker {
  private readonly rng: Rng;
  private made = 0;

  constructor(
    private readonly vendors: ChaosVendors,
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Alternates between the CRMs, Salesforce first. */
  async next(): Promise<WonDeal> {
    this.made++;
    const tag = `${this.vendors.tenantId.slice(0, 8)} No ${this.made}`;
    const amount = Math.round(500 + this.rng() * 4_500);
    const today = new Date(this.vendors.salesforce.clock.now()).toISOString().slice(0, 10);
    return this.made % 2 === 1 ? this.salesforce(tag, amount, today) : this.hubspot(tag, amount, today);
  }

  private async salesforce(tag: string, amount: number, closeDate: string): Promise<WonDeal> {
    const save = async (path: string, fields: Record<string, unknown>) => {
      const res = await fetch(`${this.vendors.servers.salesforce.url}/__sandbox/records/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
      if (!res.ok) throw new Error(`Salesforce refused ${path}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const name = `Chaos SF deal ${tag}`;
    const accountId = await save('Account', { Name: `Chaos SF account ${tag} Pty` });
    const dealId = await save('Opportunity', {
      Name: name,
      StageName: 'Negotiation/Review',
      CloseDate: closeDate,
      Amount: amount,
      AccountId: accountId,
    });
    await save(`Opportunity/${dealId}`, { StageName: 'Closed Won' });
    return { crm: 'salesforce', dealId, name };
  }

  private hubspot(tag: string, amount: number, closeDate: string): Promise<WonDeal> {
    const portal = this.vendors.hubspot.portal(this.vendors.portalId);
    const name = `Chaos HS deal ${tag}`;
    const company = portal.create('companies', { name: `Chaos HS company ${tag} Ltd` }, 'CRM_UI');
    const deal = portal.create(
      'deals',
      {
        dealname: name,
        dealstage: 'contractsent',
        amount: String(amount),
        closedate: `${closeDate}T00:00:00.000Z`,
        deal_currency_code: 'USD',
      },
      'CRM_UI',
    );
    // HubSpot's deal-to-company association type.
    portal.associate('deals', deal.id, 'companies', company.id, [5]);
    portal.update('deals', deal, { dealstage: 'closedwon' }, 'CRM_UI');
    return Promise.resolve({ crm: 'hubspot', dealId: deal.id, name });
  }
}
