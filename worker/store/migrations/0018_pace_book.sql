-- Books `p_wanted` successive slots of one pace key (worker/pacing/gcra.ts is the model: the same
-- GCRA, tested against it) and, for keys with a concurrency cap, their leases: one round trip per
-- booking instead of a transaction of eight statements. Fewer than wanted come back when the
-- leases run out; none when every lease is held. Leases this process released meanwhile come along
-- (`p_release`) and are dropped first, so a busy key costs one statement per booking, not two.
create or replace function ledgerbridge_pace_book(
  p_key text,
  p_limits jsonb,
  p_concurrency integer,
  p_lease_ms double precision,
  p_now_ms double precision,
  p_wanted integer,
  p_release uuid[] default '{}'
) returns table (at_ms double precision, lease_id uuid)
language plpgsql as $$
declare
  v_names text[];
  v_intervals double precision[];
  v_windows double precision[];
  v_tats double precision[];
  v_leases uuid[] := '{}';
  v_count integer := p_wanted;
  v_held integer;
  v_at double precision;
  v_tat double precision;
  n integer;
begin
  perform pg_advisory_xact_lock(hashtext('pace:' || p_key));
  if cardinality(p_release) > 0 then
    delete from api_leases where api_leases.lease_id = any(p_release);
  end if;
  if p_concurrency is not null then
    delete from api_leases where pace_key = p_key and expires_at <= to_timestamp(p_now_ms / 1000.0);
    select count(*) into v_held from api_leases where pace_key = p_key;
    v_count := least(p_wanted, p_concurrency - v_held);
    if v_count <= 0 then
      return;
    end if;
    with made as (
      insert into api_leases (pace_key, expires_at)
      select p_key, to_timestamp((p_now_ms + p_lease_ms) / 1000.0) from generate_series(1, v_count)
      returning api_leases.lease_id
    )
    select array_agg(made.lease_id) into v_leases from made;
  end if;

  select
    array_agg(l->>'name' order by ord),
    array_agg((l->>'periodMs')::double precision / (l->>'limit')::double precision order by ord),
    array_agg(
      (l->>'periodMs')::double precision / (l->>'limit')::double precision
        * greatest(1, (l->>'burst')::double precision)
      order by ord
    )
  into v_names, v_intervals, v_windows
  from jsonb_array_elements(p_limits) with ordinality as t(l, ord);
  n := coalesce(array_length(v_names, 1), 0);
  v_tats := array_fill(null::double precision, array[greatest(n, 1)]);
  for j in 1..n loop
    select extract(epoch from p.tat) * 1000 into v_tat
    from api_pacing p where p.pace_key = p_key and p.limit_name = v_names[j];
    v_tats[j] := v_tat;
  end loop;

  for i in 1..v_count loop
    -- The call goes when every limit allows it; then every limit is booked at that moment.
    v_at := p_now_ms;
    for j in 1..n loop
      v_at := greatest(v_at, ceil(greatest(coalesce(v_tats[j], p_now_ms), p_now_ms) + v_intervals[j] - v_windows[j]));
    end loop;
    for j in 1..n loop
      v_tats[j] := greatest(coalesce(v_tats[j], v_at), v_at) + v_intervals[j];
    end loop;
    at_ms := v_at;
    lease_id := v_leases[i];
    return next;
  end loop;

  for j in 1..n loop
    insert into api_pacing (pace_key, limit_name, tat)
    values (p_key, v_names[j], to_timestamp(v_tats[j] / 1000.0))
    on conflict (pace_key, limit_name) do update set tat = excluded.tat;
  end loop;
end
$$;
