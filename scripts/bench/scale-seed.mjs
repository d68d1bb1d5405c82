// Seeds the expansion log straight through SQL (generate_series), fast enough for tens of millions
// of rows on a small machine: the log's secondary indexes are dropped while rows go in and built
// again after, and the rollups of the new rows are added up from them in the same seeding, as the
// backend's writer would have.

/** Histogram bounds of backend/src/modules/usage/usage-rollup.ts. */
const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];
const BUCKETS = LATENCY_BOUNDS_MS.length + 1;
const BOUNDS = `array[${LATENCY_BOUNDS_MS.join(",")}]::float8[]`;
const SPAN_DAYS = 30;
/** Prompts everyone uses; the rest (up to 200 prompts in all) are each team's own handful. */
const SHARED_PROMPTS = 20;
const MOST_PROMPTS_USED = 200;
const PROJECTS = 12;
const CHUNK = 1_000_000;

const histogramOf = (alias) =>
  `array[${Array.from({ length: BUCKETS }, (_, i) => `(count(*) filter (where ${alias}.wb = ${i}))::int`).join(", ")}]`;
const histogramSumOf = (alias) =>
  `array[${Array.from({ length: BUCKETS }, (_, i) => `sum(${alias}.h[${i + 1}])::int`).join(", ")}]`;
const histogramAdd = `array[${Array.from(
  { length: BUCKETS },
  (_, i) => `r.latency_histogram[${i + 1}] + excluded.latency_histogram[${i + 1}]`,
).join(", ")}]`;

/**
 * Adds `count` expansions of the prompts `p-0` … `p-<prompts - 1>` spread evenly over the last 30 days (newer rows later in the table, as
 * the writer appends them). Callers: the seeded users (their team at the time), 2% anonymous.
 * Each team mostly uses its own few prompts, a third of the calls go to 20 shared ones; channels,
 * labels, statuses and latencies in realistic proportions (5% errors, latency ~ 0.3 + Exp(4 ms)).
 */
async function insertEvents(client, count, now, prompts) {
  const { rows: people } = await client.query(
    `select u.id as user_id, u.team_id, t.rn - 1 as team_index
     from users u join (select id, row_number() over (order by slug) as rn from teams) t on t.id = u.team_id
     order by u.username`,
  );
  const userIds = people.map((person) => person.user_id);
  const teamIds = people.map((person) => person.team_id);
  const teamIndexes = people.map((person) => Number(person.team_index));
  const projectIds = Array.from(
    { length: PROJECTS },
    (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  );
  const spanMs = SPAN_DAYS * 24 * 60 * 60 * 1000;
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    await client.query(
      `insert into prompt_usage (created_at, caller_type, user_id, api_key_id, team_id, project_id, prompt_name,
         prompt_version, label, source, channel, status_code, error_code, error_message, latency_ms, input_bytes,
         output_bytes)
       select created_at,
         case when anonymous then 'anonymous' when r6 < 0.3 then 'api_key' else 'user' end,
         case when anonymous then null else ($4::uuid[])[ui] end,
         case when not anonymous and r6 < 0.3 then ($4::uuid[])[ui] end,
         case when anonymous then null else ($5::uuid[])[ui] end,
         case when r7 < 0.2 then ($7::uuid[])[1 + floor(r8 * ${PROJECTS})::int] end,
         prompt, case label when 'production' then '2' else '3' end, label,
         case when channel like 'mcp%' then 'mcp' else channel end, channel, status,
         case status when 422 then 'validation_error' when 404 then 'label_not_found' when 500 then 'internal_error' end,
         case status
           when 422 then (array['Input ''topic'' is required', 'Input ''language'' must be string',
             'Template variable ''ticket'' is undefined'])[1 + floor(r8 * 3)::int]
           when 404 then 'Prompt ''' || prompt || ''' has no label ''staging'''
           when 500 then 'Internal error' end,
         round((0.3 + -ln(1 - r9) * 4)::numeric, 3)::float8,
         50 + floor(r8 * 2000)::int,
         case when status = 200 then 300 + floor(r9 * 4000)::int end
       from (
         select $3::timestamptz - (($9::float8 - g) / $9::float8) * $6::float8 * interval '1 millisecond' as created_at,
           ui, r2 < 0.02 as anonymous,
           case when r2 < 0.35 then 'p-' || floor(${SHARED_PROMPTS} * r3 * r3)::int
             else 'p-' || (${SHARED_PROMPTS} + (($8::int[])[ui] * 4 + floor(r3 * 4)::int) % ${prompts - SHARED_PROMPTS})
           end as prompt,
           case when r4 < 0.5 then 'rest' when r4 < 0.8 then 'mcp_tool' when r4 < 0.9 then 'mcp_prompt'
             else 'workflow' end as channel,
           case when r5 < 0.95 then 200 when r5 < 0.99 then 422 when r5 < 0.995 then 404 else 500 end as status,
           case when r10 < 0.85 then 'production' when r10 < 0.97 then 'latest' else 'staging' end as label,
           r6, r7, r8, r9
         from (select g, 1 + floor(random() * array_length($4::uuid[], 1))::int as ui, random() as r2,
             random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8,
             random() as r9, random() as r10
           from generate_series($1::int, $2::int - 1) g) x
       ) e`,
      [start, end, now, userIds, teamIds, spanMs, projectIds, teamIndexes, count],
    );
  }
}

/**
 * The rollups of the log rows after `afterId`, added to those already there: the organization's
 * hours from the log, its days and each team's days from per-team hours (by prompt and channel,
 * by channel alone, by prompt alone), by version per day, errors (with and without the prompt).
 */
async function rollUp(client, afterId) {
  await client.query("drop table if exists scale_hours");
  await client.query(
    `create temp table scale_hours as
     select date_trunc('hour', u.created_at at time zone 'UTC') at time zone 'UTC' as bucket, u.prompt_name,
       u.channel, least(greatest(u.status_code / 100, 2), 5)::smallint as status_class, u.team_id,
       count(*)::int as count, sum(u.latency_ms) as latency_sum, max(u.latency_ms) as latency_max,
       ${histogramOf("u")} as h
     from (select p.*, width_bucket(p.latency_ms, ${BOUNDS}) as wb from prompt_usage p where p.id > $1) u
     group by 1, 2, 3, 4, 5`,
    [afterId],
  );
  const upsert = (select) =>
    client.query(
      `insert into usage_rollups as r (grain, bucket, prompt_name, channel, status_class, team_id, count, latency_sum,
         latency_max, latency_histogram)
       ${select}
       on conflict on constraint usage_rollups_key do update set
         count = r.count + excluded.count, latency_sum = r.latency_sum + excluded.latency_sum,
         latency_max = greatest(r.latency_max, excluded.latency_max), latency_histogram = ${histogramAdd}`,
    );
  const sums = `sum(s.count)::int, sum(s.latency_sum), max(s.latency_max), ${histogramSumOf("s")}`;
  // In time order, as the writer adds them: a bucket's rows lie together, as they would.
  await upsert(
    `select 'hour', s.bucket, s.prompt_name, s.channel, s.status_class, null::uuid, ${sums}
     from scale_hours s group by 2, 3, 4, 5 order by 2`,
  );
  const day = "date_trunc('day', s.bucket at time zone 'UTC') at time zone 'UTC'";
  await upsert(
    `select 'day', ${day}, s.prompt_name, s.channel, s.status_class, null::uuid, ${sums}
     from scale_hours s group by 2, 3, 4, 5 order by 2`,
  );
  await upsert(
    `select 'day', ${day}, s.prompt_name, s.channel, s.status_class, s.team_id, ${sums}
     from scale_hours s where s.team_id is not null group by 2, 3, 4, 5, 6 order by 2`,
  );
  const upsertByChannel = (select) =>
    client.query(
      `insert into usage_channel_rollups as r (grain, bucket, channel, status_class, team_id, count, latency_sum,
         latency_max, latency_histogram)
       ${select}
       on conflict on constraint usage_channel_rollups_key do update set
         count = r.count + excluded.count, latency_sum = r.latency_sum + excluded.latency_sum,
         latency_max = greatest(r.latency_max, excluded.latency_max), latency_histogram = ${histogramAdd}`,
    );
  await upsertByChannel(
    `select 'hour', s.bucket, s.channel, s.status_class, null::uuid, ${sums}
     from scale_hours s group by 2, 3, 4 order by 2`,
  );
  await upsertByChannel(
    `select 'day', ${day}, s.channel, s.status_class, null::uuid, ${sums}
     from scale_hours s group by 2, 3, 4 order by 2`,
  );
  await upsertByChannel(
    `select 'day', ${day}, s.channel, s.status_class, s.team_id, ${sums}
     from scale_hours s where s.team_id is not null group by 2, 3, 4, 5 order by 2`,
  );
  const upsertByPrompt = (select) =>
    client.query(
      `insert into usage_prompt_rollups as p (grain, bucket, prompt_name, team_id, count, errors, latency_sum,
         latency_max)
       ${select}
       on conflict on constraint usage_prompt_rollups_key do update set
         count = p.count + excluded.count, errors = p.errors + excluded.errors,
         latency_sum = p.latency_sum + excluded.latency_sum, latency_max = greatest(p.latency_max, excluded.latency_max)`,
    );
  const promptSums = `sum(s.count)::int, coalesce(sum(s.count) filter (where s.status_class <> 2), 0)::int,
    sum(s.latency_sum), max(s.latency_max)`;
  await upsertByPrompt(
    `select 'hour', s.bucket, s.prompt_name, null::uuid, ${promptSums}
     from scale_hours s group by 2, 3 order by 2`,
  );
  await upsertByPrompt(
    `select 'day', ${day}, s.prompt_name, null::uuid, ${promptSums}
     from scale_hours s group by 2, 3 order by 2`,
  );
  await upsertByPrompt(
    `select 'day', ${day}, s.prompt_name, s.team_id, ${promptSums}
     from scale_hours s where s.team_id is not null group by 2, 3, 4 order by 2`,
  );
  await client.query("drop table scale_hours");
  await client.query(
    `insert into usage_version_rollups as v (bucket, prompt_name, prompt_version, label, status_class, team_id, count)
     select date_trunc('day', u.created_at at time zone 'UTC') at time zone 'UTC', u.prompt_name, u.prompt_version,
       u.label, least(greatest(u.status_code / 100, 2), 5), case when t.per_team then u.team_id end, count(*)::int
     from prompt_usage u join (values (false), (true)) as t(per_team) on not t.per_team or u.team_id is not null
     where u.id > $1
     group by 1, 2, 3, 4, 5, 6
     order by 1
     on conflict on constraint usage_version_rollups_key do update set count = v.count + excluded.count`,
    [afterId],
  );
  await client.query(
    `insert into usage_error_rollups as e (grain, bucket, prompt_name, channel, team_id, status_code, error_code,
       error_message, count, last_seen_at)
     select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC', u.prompt_name, u.channel,
       case when g.per_team then u.team_id end, u.status_code, u.error_code, coalesce(u.error_message, ''),
       count(*)::int, max(u.created_at)
     from prompt_usage u
     join (values ('hour', false), ('day', false), ('day', true)) as g(grain, per_team)
       on not g.per_team or u.team_id is not null
     where u.id > $1 and u.status_code <> 200 and u.error_code is not null
     group by 1, 2, 3, 4, 5, 6, 7, 8
     order by 2
     on conflict on constraint usage_error_rollups_key do update set
       count = e.count + excluded.count, last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)`,
    [afterId],
  );
  await client.query(
    `insert into usage_channel_error_rollups as e (grain, bucket, channel, team_id, status_code, error_code,
       error_message, count, last_seen_at)
     select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC', u.channel,
       case when g.per_team then u.team_id end, u.status_code, u.error_code, coalesce(u.error_message, ''),
       count(*)::int, max(u.created_at)
     from prompt_usage u
     join (values ('hour', false), ('day', false), ('day', true)) as g(grain, per_team)
       on not g.per_team or u.team_id is not null
     where u.id > $1 and u.status_code <> 200 and u.error_code is not null
     group by 1, 2, 3, 4, 5, 6, 7
     order by 2
     on conflict on constraint usage_channel_error_rollups_key do update set
       count = e.count + excluded.count, last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)`,
    [afterId],
  );
}

/**
 * Grows the log to `total` rows (and its rollups with it) over the prompts `p-0` … (at most 200
 * of the `prompts` there are); how long the seeding took. Indexes go while rows are added and are
 * built again after, as a bulk load does.
 */
export async function growExpansionLog(client, total, { prompts, now = new Date() }) {
  const started = performance.now();
  const [{ n: present, last }] = (
    await client.query("select count(*)::int as n, coalesce(max(id), 0)::bigint as last from prompt_usage")
  ).rows;
  if (present >= total) return 0;
  await client.query("set maintenance_work_mem = '512MB'");
  await client.query("set work_mem = '256MB'");
  const { rows: indexes } = await client.query(
    "select indexname, indexdef from pg_indexes where tablename = 'prompt_usage' and indexname <> 'prompt_usage_pkey'",
  );
  for (const index of indexes) await client.query(`drop index ${index.indexname}`);
  await insertEvents(client, total - present, now, Math.min(prompts, MOST_PROMPTS_USED));
  for (const index of indexes) await client.query(index.indexdef);
  await rollUp(client, last);
  // Upserts left the rollups' old row versions behind: clean up as autovacuum would, soon after.
  for (const table of [
    "prompt_usage",
    "usage_rollups",
    "usage_channel_rollups",
    "usage_prompt_rollups",
    "usage_error_rollups",
    "usage_channel_error_rollups",
    "usage_version_rollups",
  ]) {
    await client.query(`vacuum analyze ${table}`);
  }
  return performance.now() - started;
}

/** Row counts and sizes, for the report. */
export async function describeStorage(client) {
  const { rows } = await client.query(
    `select (select count(*) from prompt_usage)::int as events,
       (select count(*) from usage_rollups where grain = 'hour')::int as hour_rollups,
       (select count(*) from usage_rollups where grain = 'day' and team_id is null)::int as day_rollups,
       (select count(*) from usage_rollups where team_id is not null)::int as team_day_rollups,
       (select count(*) from usage_version_rollups)::int as version_rollups,
       (select count(*) from usage_error_rollups)::int as error_rollups,
       (select count(*) from usage_channel_rollups)::int as channel_rollups,
       (select count(*) from usage_prompt_rollups)::int as prompt_rollups,
       (select count(*) from usage_channel_error_rollups)::int as channel_error_rollups,
       pg_size_pretty(pg_total_relation_size('prompt_usage')) as log_size,
       pg_size_pretty(pg_total_relation_size('usage_rollups') + pg_total_relation_size('usage_version_rollups')
         + pg_total_relation_size('usage_error_rollups') + pg_total_relation_size('usage_channel_rollups')
         + pg_total_relation_size('usage_prompt_rollups') + pg_total_relation_size('usage_channel_error_rollups'))
         as rollup_size`,
  );
  return rows[0];
}
