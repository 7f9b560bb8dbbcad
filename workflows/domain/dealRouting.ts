import type { InstallationSettings } from './mappingSettings';

/**
 * Which of an installation's Xero organisations a won deal is invoiced in. Pure: the same deal and
 * settings always give the same organisation, or a problem a person must settle; never a guess.
 */
export type DealRouting = InstallationSettings['routing'];
export type RoutingRule = DealRouting['rules'][number];

/** What routing reads of a deal: its CRM currency and the CRM fields the rules name. */
export interface DealRoutingFacts {
  /** The CRM's currency code of the deal (null: the CRM's default currency). */
  currency: string | null;
  /** CRM field name → its value on the deal (null when empty). */
  fields: Record<string, string | null>;
}

export type DealRoute =
  { kind: 'routed'; xeroTenantId: string; because: string } | { kind: 'unrouted'; problem: string };

/** The CRM fields the rules read, each once, in rule order. */
export function routingFields(routing: DealRouting): string[] {
  const fields = routing.rules.flatMap((r) => ('field' in r.when ? [r.when.field] : []));
  return [...new Set(fields)];
}

function matches(rule: RoutingRule, deal: DealRoutingFacts): boolean {
  if ('currency' in rule.when)
    return deal.currency !== null && deal.currency.toUpperCase() === rule.when.currency;
  return deal.fields[rule.when.field] === rule.when.equals;
}

function describe(rule: RoutingRule): string {
  return 'currency' in rule.when
    ? `currency is ${rule.when.currency}`
    : `${rule.when.field} is "${rule.when.equals}"`;
}

/**
 * The first rule (in order) that matches the deal, else the default organisation. With neither
 * rules nor a default, an installation with exactly one organisation invoices there (there is
 * nothing to choose). The chosen organisation must be one of `connected`: a rule pointing at an
 * organisation disconnected since is a problem, not a reason to try the next rule.
 */
export function routeDeal(
  deal: DealRoutingFacts,
  routing: DealRouting,
  connected: readonly string[],
): DealRoute {
  const index = routing.rules.findIndex((rule) => matches(rule, deal));
  const rule = routing.rules[index];
  let chosen: { xeroTenantId: string; because: string } | undefined;
  if (rule) chosen = { xeroTenantId: rule.xeroTenantId, because: `rule ${index + 1}: ${describe(rule)}` };
  else if (routing.defaultXeroTenantId)
    chosen = {
      xeroTenantId: routing.defaultXeroTenantId,
      because: 'no rule matched: the default organisation',
    };
  else if (routing.rules.length === 0 && connected.length === 1 && connected[0])
    chosen = { xeroTenantId: connected[0], because: 'the only Xero organisation of the installation' };

  if (!chosen) {
    const what = `currency ${deal.currency ?? '(the CRM default)'}${routingFields(routing)
      .map((f) => `, ${f} "${deal.fields[f] ?? ''}"`)
      .join('')}`;
    return {
      kind: 'unrouted',
      problem:
        connected.length === 0
          ? 'No Xero organisation is connected to this installation, so the deal cannot be invoiced.'
          : `No routing rule in the mapping settings matches this deal (${what}) and no default Xero organisation is set: an admin must add a rule or a default before it can be invoiced.`,
    };
  }
  if (!connected.includes(chosen.xeroTenantId))
    return {
      kind: 'unrouted',
      problem: `The mapping settings route this deal (${chosen.because}) to Xero organisation ${chosen.xeroTenantId}, which is not connected to this installation: an admin must reconnect it or change the routing.`,
    };
  return { kind: 'routed', ...chosen };
}

/**
 * Save-time check: every organisation the settings name must belong to the installation, and every
 * organisation deals are routed to must be connected now. Field path → message, as forms show them.
 */
export function organisationErrors(
  settings: Pick<InstallationSettings, 'organisations' | 'routing'>,
  installation: { connected: readonly string[]; known: readonly string[] },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const notConnected = (id: string) => `Xero organisation ${id} is not connected to this installation`;
  for (const id of Object.keys(settings.organisations))
    if (!installation.known.includes(id)) errors[`organisations.${id}`] = notConnected(id);
  settings.routing.rules.forEach((rule, i) => {
    if (!installation.connected.includes(rule.xeroTenantId))
      errors[`routing.rules.${i}.xeroTenantId`] = notConnected(rule.xeroTenantId);
  });
  const fallback = settings.routing.defaultXeroTenantId;
  if (fallback && !installation.connected.includes(fallback))
    errors['routing.defaultXeroTenantId'] = notConnected(fallback);
  return errors;
}
