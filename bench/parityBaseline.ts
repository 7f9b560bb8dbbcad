import { sql, type Kysely } from 'kysely';
import type { MappingSettings } from '../workflows/domain/mappingSettings';
import type { Database } from '../worker/store/schema';

/** One finding as the parity_findings table holds it. */
export interface BaselineFinding {
  finding_key: string;
  kind: string;
  entity: string;
  field: string | null;
  xero_id: string | null;
  xero_label: string | null;
  xero_value: string | null;
  crm_id: string | null;
  crm_value: string | null;
  message: string;
}

/**
 * The bare comparison the parity bench measures Ledgerbridge against: one SQL statement over a
 * run's snapshot, full outer joins of the Xero and CRM sides on the link ID (invoices, contacts)
 * plus the unlinked won deals, with the domain compare's rules restated in SQL
 * (workflows/domain/parity/compareParity.ts, sameValue.ts; invoiceToDeal.ts's qualifies): half a
 * cent of rounding, the UTC−12…UTC+14 date window, the invoice rules, the won-since filter, the
 * name rule when Xero owns contacts. It returns the findings' rows rather than storing them.
 *
 * Date-time CRM values are read as ISO 8601 with a zone or as epoch milliseconds (what the
 * connectors write); JavaScript's Date.parse accepts a few more shapes, which this does not.
 */
export async function baselineFindings(
  db: Kysely<Database>,
  input: { runId: string; settings: MappingSettings; wonSince: string },
): Promise<BaselineFinding[]> {
  const rules = input.settings.invoiceRules;
  const tracking = rules.trackingOption
    ? JSON.stringify([{ category: rules.trackingOption.category, option: rules.trackingOption.option }])
    : null;
  const result = await sql<BaselineFinding>`
    with
    xi as (
      select match_key, facts f from parity_records
      where run_id = ${input.runId} and side = 'xero' and entity = 'invoice' and match_key <> ''
    ),
    ci as (
      select match_key, record_id, facts f,
        count(*) over (partition by match_key) as links,
        case when count(*) over (partition by match_key) > 1 then (
          select string_agg(d.record_id, ',' order by d.record_id collate "C") from parity_records d
          where d.run_id = ${input.runId} and d.side = 'crm' and d.entity = 'invoice' and d.match_key = r.match_key
        ) end as ids
      from parity_records r
      where run_id = ${input.runId} and side = 'crm' and entity = 'invoice' and match_key <> ''
    ),
    inv as (
      select xi.f x, ci.f c, ci.record_id deal, ci.links, ci.ids,
        (xi.f->>'number') is null or (xi.f->>'number') = '' as unnumbered
      from xi full outer join ci on ci.match_key = xi.match_key
    ),
    labelled as (
      select inv.*,
        case when unnumbered then '(no number)' else x->>'number' end || ' (' || (x->>'id') || ')' as label
      from inv
    ),
    pairs as (
      select l.*, c->>'closeDate' as cd, x->>'date' as xd,
        case when coalesce((c->>'madeInvoice')::boolean, false) then (x->>'subTotal')::float8
             else (x->>'total')::float8 end as x_amount
      from labelled l where x is not null and c is not null
    ),
    dated as (
      select p.*,
        case
          when cd ~ '^[0-9]+$' then to_timestamp(cd::numeric / 1000)
          when cd ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' then cd::timestamptz
        end as instant
      from pairs p
    ),
    fields as (
      select d.*, v.field, v.xero_value, v.crm_value
      from dated d cross join lateral (values
        ('amount', d.x_amount, (c->>'amount')::float8),
        ('amount_due', (x->>'amountDue')::float8, (c->>'amountDue')::float8),
        ('amount_paid', (x->>'amountPaid')::float8, (c->>'amountPaid')::float8)
      ) as a(field, xv, cv)
      cross join lateral (select a.field,
        ((floor(a.xv * 100 + 0.5) / 100)::numeric(20, 2))::text as xero_value,
        coalesce(((floor(a.cv * 100 + 0.5) / 100)::numeric(20, 2))::text, '(empty)') as crm_value
        where a.cv is null or abs(a.xv - a.cv) > 0.005 + 1e-9
      ) as v
      union all
      select d.*, 'status', x->>'status', coalesce(c->>'invoiceStatus', '(empty)')
      from dated d where (c->>'invoiceStatus') is distinct from (x->>'status')
      union all
      select d.*, 'currency', x->>'currency', c->>'currency'
      from dated d where upper(c->>'currency') <> (x->>'currency')
      union all
      select d.*, 'date', xd, coalesce(cd, '(empty)')
      from dated d where not coalesce(
        case
          when cd is null or cd = '' then false
          when cd ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then cd = xd
          when instant is null then false
          when extract(epoch from instant) * 1000 % 86400000 = 0
            then to_char(instant at time zone 'UTC', 'YYYY-MM-DD') = xd
          when xd !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then false
          else instant >= (xd || 'T00:00:00Z')::timestamptz - interval '14 hours'
           and instant < (xd || 'T00:00:00Z')::timestamptz + interval '36 hours'
        end, false)
      union all
      select d.*, 'contact', x->>'contactId', coalesce(c->>'accountXeroContactId', '(no linked account)')
      from dated d where (c->>'accountXeroContactId') is distinct from (x->>'contactId')
    ),
    xc as (
      select match_key, facts f from parity_records
      where run_id = ${input.runId} and side = 'xero' and entity = 'contact' and match_key <> ''
    ),
    cc as (
      select match_key, record_id, facts f,
        count(*) over (partition by match_key) as links,
        case when count(*) over (partition by match_key) > 1 then (
          select string_agg(d.record_id, ',' order by d.record_id collate "C") from parity_records d
          where d.run_id = ${input.runId} and d.side = 'crm' and d.entity = 'contact' and d.match_key = r.match_key
        ) end as ids
      from parity_records r
      where run_id = ${input.runId} and side = 'crm' and entity = 'contact' and match_key <> ''
    ),
    con as (
      select xc.f x, cc.f c, cc.record_id account, cc.links, cc.ids,
        (xc.f->>'name') || ' (' || (xc.f->>'id') || ')' as label
      from xc full outer join cc on cc.match_key = xc.match_key
    )
    select 'orphaned_link:invoice:' || deal as finding_key, 'orphaned_link' as kind, 'invoice' as entity,
      null::text as field, null::text as xero_id, null::text as xero_label, null::text as xero_value,
      deal as crm_id, c->>'xeroInvoiceId' as crm_value,
      'CRM deal ' || deal || ' ("' || (c->>'name') || '") links Xero invoice ' || coalesce(c->>'xeroInvoiceId', 'undefined') || ', which Xero does not have.' as message
    from labelled where x is null
    union all
    select 'missing_in_crm:invoice:' || (x->>'id'), 'missing_in_crm', 'invoice', null, x->>'id', label, null,
      null, null, 'Xero invoice ' || label || ' qualifies for the CRM but no CRM deal links it.'
    from labelled
    where c is null
      and ${JSON.stringify(rules.types)}::jsonb ? (x->>'type')
      and ${JSON.stringify(rules.statuses)}::jsonb ? (x->>'status')
      and floor((x->>'total')::float8 * 100 + 0.5) >= floor(${rules.minAmount}::float8 * 100 + 0.5)
      and (${rules.contactGroups.length === 0}::boolean
        or coalesce(x->'contactGroups', '[]'::jsonb)
          ?| array(select jsonb_array_elements_text(${JSON.stringify(rules.contactGroups)}::jsonb)))
      and (${tracking}::jsonb is null or x->'tracking' @> ${tracking}::jsonb)
    union all
    select distinct 'duplicate_link:invoice:' || (x->>'id'), 'duplicate_link', 'invoice', null, x->>'id', label,
      null, ids, null, links || ' CRM deals (' || replace(ids, ',', ', ') || ') link Xero invoice ' || label || '.'
    from labelled where x is not null and links > 1
    union all
    select 'field_mismatch:invoice:' || (x->>'id') || ':' || deal || ':' || field, 'field_mismatch', 'invoice',
      field, x->>'id', label, xero_value, deal, crm_value,
      field || ' differs on ' || label || ': Xero ' || xero_value || ', CRM deal ' || deal || ' ' || crm_value || '.'
    from fields
    union all
    select 'missing_in_xero:invoice:' || record_id, 'missing_in_xero', 'invoice', null, null, null, null,
      record_id, facts->>'name', 'CRM deal ' || record_id || ' ("' || (facts->>'name') || '") is won but has no Xero invoice.'
    from parity_records
    where run_id = ${input.runId} and side = 'crm' and entity = 'invoice' and match_key = ''
      and (facts->>'isWon')::boolean
      and coalesce(facts->>'xeroInvoiceId', '') = ''
      and not (coalesce(facts->>'closeDate', '') <> ''
        and substr(facts->>'closeDate', 1, 10) collate "C" < substr(${input.wonSince}, 1, 10) collate "C")
    union all
    select 'orphaned_link:contact:' || account, 'orphaned_link', 'contact', null, null, null, null,
      account, c->>'xeroContactId',
      'CRM account ' || account || ' ("' || (c->>'name') || '") links Xero contact ' || coalesce(c->>'xeroContactId', 'undefined') || ', which Xero does not have.'
    from con where x is null
    union all
    select 'missing_in_crm:contact:' || (x->>'id'), 'missing_in_crm', 'contact', null, x->>'id', label, null,
      null, null, 'Xero customer ' || label || ' has no linked CRM account.'
    from con where c is null and (x->>'isCustomer')::boolean and x->>'status' = 'ACTIVE'
    union all
    select distinct 'duplicate_link:contact:' || (x->>'id'), 'duplicate_link', 'contact', null, x->>'id', label,
      null, ids, null, links || ' CRM accounts (' || replace(ids, ',', ', ') || ') link Xero contact ' || label || '.'
    from con where x is not null and links > 1
    union all
    select 'field_mismatch:contact:' || (x->>'id') || ':' || account || ':name', 'field_mismatch', 'contact', 'name',
      x->>'id', label, x->>'name', account, c->>'name',
      'name differs on Xero contact ' || label || ': Xero "' || (x->>'name') || '", CRM account ' || account || ' "' || (c->>'name') || '".'
    from con
    where ${input.settings.contactOwner === 'xero'}::boolean and x is not null and c is not null
      and lower(regexp_replace(regexp_replace(x->>'name', '^[[:space:]]+|[[:space:]]+$', '', 'g'), '[[:space:]]+', ' ', 'g'))
       <> lower(regexp_replace(regexp_replace(c->>'name', '^[[:space:]]+|[[:space:]]+$', '', 'g'), '[[:space:]]+', ' ', 'g'))
  `.execute(db);
  return result.rows;
}

/** Where two finding lists disagree, by finding key: rows only one side has, and rows that differ. */
export function findingsDisagreement(
  ours: BaselineFinding[],
  baseline: BaselineFinding[],
): { onlyOurs: string[]; onlyBaseline: string[]; differing: string[] } {
  const columns = (f: BaselineFinding) =>
    JSON.stringify([
      f.kind,
      f.entity,
      f.field,
      f.xero_id,
      f.xero_label,
      f.xero_value,
      f.crm_id,
      f.crm_value,
      f.message,
    ]);
  const byKey = new Map(baseline.map((f) => [f.finding_key, columns(f)]));
  const ourKeys = new Set(ours.map((f) => f.finding_key));
  return {
    onlyOurs: ours.filter((f) => !byKey.has(f.finding_key)).map((f) => f.finding_key),
    onlyBaseline: baseline.filter((f) => !ourKeys.has(f.finding_key)).map((f) => f.finding_key),
    differing: ours
      .filter((f) => byKey.has(f.finding_key) && byKey.get(f.finding_key) !== columns(f))
      .map((f) => f.finding_key),
  };
}
