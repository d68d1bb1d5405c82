import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows, queryRowsSerially } from "../../db/client.js";
import type { promptUsage, UsageChannel } from "../../db/schema.js";
import { bucketStart, LATENCY_BOUNDS_MS, LATENCY_BUCKETS, rollupsOf } from "./usage-rollup.js";

export type NewUsageRow = Omit<typeof promptUsage.$inferInsert, "id" | "createdAt"> & { createdAt: Date };

const histogramSum = (table: string) =>
  sql.raw(
    `array[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${table}.latency_histogram[${i + 1}] + excluded.latency_histogram[${i + 1}]`).join(", ")}]`,
  );

/**
 * Writes a batch of log rows and adds them to the rollups (hourly, daily; by prompt and channel,
 * by channel, by prompt, by version, by error with and without the prompt), all in one statement:
 * the rollups never count a row that is not in the log, nor miss one that is. One array per
 * column, so the statement text is the same for every batch size and is prepared once, and
 * building it costs nothing however many rows are queued.
 */
export async function insertUsageRows(db: Db, rows: NewUsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { rollups, channels, prompts, versions, errors, channelErrors } = rollupsOf(
    rows.map((row) => ({
      createdAt: row.createdAt,
      promptName: row.promptName,
      promptVersion: row.promptVersion,
      label: row.label ?? null,
      channel: row.channel ?? "rest",
      statusCode: row.statusCode,
      teamId: row.teamId ?? null,
      latencyMs: row.latencyMs,
      errorCode: row.errorCode ?? null,
      errorMessage: row.errorMessage ?? null,
    })),
  );
  // One parameter per column (a bare array would become one parameter per row).
  const column = <R, T>(list: R[], pick: (row: R) => T) => sql.param(list.map(pick));
  const log = <T>(pick: (row: NewUsageRow) => T) => column(rows, pick);
  const rolled = <T>(pick: (row: (typeof rollups)[number]) => T) => column(rollups, pick);
  const byChannel = <T>(pick: (row: (typeof channels)[number]) => T) => column(channels, pick);
  const byPrompt = <T>(pick: (row: (typeof prompts)[number]) => T) => column(prompts, pick);
  const served = <T>(pick: (row: (typeof versions)[number]) => T) => column(versions, pick);
  const failed = <T>(pick: (row: (typeof errors)[number]) => T) => column(errors, pick);
  const failedIn = <T>(pick: (row: (typeof channelErrors)[number]) => T) => column(channelErrors, pick);
  await queryRows(
    db,
    sql`
    with logged as (
      insert into prompt_usage (created_at, caller_type, user_id, api_key_id, team_id, project_id, prompt_name,
        prompt_version, label, source, channel, status_code, error_code, error_message, latency_ms, input_bytes,
        output_bytes, input_excerpt, output_excerpt)
      select * from unnest(
        ${log((row) => row.createdAt.toISOString())}::timestamptz[],
        ${log((row) => row.callerType ?? "anonymous")}::text[],
        ${log((row) => row.userId ?? null)}::uuid[],
        ${log((row) => row.apiKeyId ?? null)}::uuid[],
        ${log((row) => row.teamId ?? null)}::uuid[],
        ${log((row) => row.projectId ?? null)}::uuid[],
        ${log((row) => row.promptName)}::text[],
        ${log((row) => row.promptVersion)}::text[],
        ${log((row) => row.label ?? null)}::text[],
        ${log((row) => row.source ?? "rest")}::text[],
        ${log((row) => row.channel ?? "rest")}::text[],
        ${log((row) => row.statusCode)}::integer[],
        ${log((row) => row.errorCode ?? null)}::text[],
        ${log((row) => row.errorMessage ?? null)}::text[],
        ${log((row) => row.latencyMs)}::double precision[],
        ${log((row) => row.inputBytes ?? 0)}::integer[],
        ${log((row) => row.outputBytes ?? null)}::integer[],
        ${log((row) => row.inputExcerpt ?? null)}::text[],
        ${log((row) => row.outputExcerpt ?? null)}::text[])
    ),
    rolled as (
      insert into usage_rollups as r (grain, bucket, prompt_name, channel, status_class, team_id, count, latency_sum,
        latency_max, latency_histogram)
      select grain, bucket, prompt_name, channel, status_class, team_id, count, latency_sum, latency_max,
        histogram::integer[]
      from unnest(
        ${rolled((row) => row.grain)}::text[],
        ${rolled((row) => row.bucket.toISOString())}::timestamptz[],
        ${rolled((row) => row.promptName)}::text[],
        ${rolled((row) => row.channel)}::text[],
        ${rolled((row) => row.statusClass)}::smallint[],
        ${rolled((row) => row.teamId)}::uuid[],
        ${rolled((row) => row.count)}::integer[],
        ${rolled((row) => row.latencySum)}::double precision[],
        ${rolled((row) => row.latencyMax)}::double precision[],
        ${rolled((row) => `{${row.latencyHistogram.join(",")}}`)}::text[]
      ) as x(grain, bucket, prompt_name, channel, status_class, team_id, count, latency_sum, latency_max, histogram)
      on conflict on constraint usage_rollups_key do update set
        count = r.count + excluded.count,
        latency_sum = r.latency_sum + excluded.latency_sum,
        latency_max = greatest(r.latency_max, excluded.latency_max),
        latency_histogram = ${histogramSum("r")}
    ),
    by_channel as (
      insert into usage_channel_rollups as r (grain, bucket, channel, status_class, team_id, count, latency_sum,
        latency_max, latency_histogram)
      select grain, bucket, channel, status_class, team_id, count, latency_sum, latency_max, histogram::integer[]
      from unnest(
        ${byChannel((row) => row.grain)}::text[],
        ${byChannel((row) => row.bucket.toISOString())}::timestamptz[],
        ${byChannel((row) => row.channel)}::text[],
        ${byChannel((row) => row.statusClass)}::smallint[],
        ${byChannel((row) => row.teamId)}::uuid[],
        ${byChannel((row) => row.count)}::integer[],
        ${byChannel((row) => row.latencySum)}::double precision[],
        ${byChannel((row) => row.latencyMax)}::double precision[],
        ${byChannel((row) => `{${row.latencyHistogram.join(",")}}`)}::text[]
      ) as x(grain, bucket, channel, status_class, team_id, count, latency_sum, latency_max, histogram)
      on conflict on constraint usage_channel_rollups_key do update set
        count = r.count + excluded.count,
        latency_sum = r.latency_sum + excluded.latency_sum,
        latency_max = greatest(r.latency_max, excluded.latency_max),
        latency_histogram = ${histogramSum("r")}
    ),
    by_prompt as (
      insert into usage_prompt_rollups as p (grain, bucket, prompt_name, team_id, count, errors, latency_sum,
        latency_max)
      select * from unnest(
        ${byPrompt((row) => row.grain)}::text[],
        ${byPrompt((row) => row.bucket.toISOString())}::timestamptz[],
        ${byPrompt((row) => row.promptName)}::text[],
        ${byPrompt((row) => row.teamId)}::uuid[],
        ${byPrompt((row) => row.count)}::integer[],
        ${byPrompt((row) => row.errors)}::integer[],
        ${byPrompt((row) => row.latencySum)}::double precision[],
        ${byPrompt((row) => row.latencyMax)}::double precision[])
      on conflict on constraint usage_prompt_rollups_key do update set
        count = p.count + excluded.count,
        errors = p.errors + excluded.errors,
        latency_sum = p.latency_sum + excluded.latency_sum,
        latency_max = greatest(p.latency_max, excluded.latency_max)
    ),
    served as (
      insert into usage_version_rollups as v (bucket, prompt_name, prompt_version, label, status_class, team_id, count)
      select * from unnest(
        ${served((row) => row.bucket.toISOString())}::timestamptz[],
        ${served((row) => row.promptName)}::text[],
        ${served((row) => row.promptVersion)}::text[],
        ${served((row) => row.label)}::text[],
        ${served((row) => row.statusClass)}::smallint[],
        ${served((row) => row.teamId)}::uuid[],
        ${served((row) => row.count)}::integer[])
      on conflict on constraint usage_version_rollups_key do update set count = v.count + excluded.count
    ),
    failed as (
      insert into usage_error_rollups as e (grain, bucket, prompt_name, channel, team_id, status_code, error_code,
        error_message, count, last_seen_at)
      select * from unnest(
        ${failed((row) => row.grain)}::text[],
        ${failed((row) => row.bucket.toISOString())}::timestamptz[],
        ${failed((row) => row.promptName)}::text[],
        ${failed((row) => row.channel)}::text[],
        ${failed((row) => row.teamId)}::uuid[],
        ${failed((row) => row.statusCode)}::integer[],
        ${failed((row) => row.errorCode)}::text[],
        ${failed((row) => row.errorMessage)}::text[],
        ${failed((row) => row.count)}::integer[],
        ${failed((row) => row.lastSeenAt.toISOString())}::timestamptz[])
      on conflict on constraint usage_error_rollups_key do update set
        count = e.count + excluded.count,
        last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)
    )
    insert into usage_channel_error_rollups as e (grain, bucket, channel, team_id, status_code, error_code,
      error_message, count, last_seen_at)
    select * from unnest(
      ${failedIn((row) => row.grain)}::text[],
      ${failedIn((row) => row.bucket.toISOString())}::timestamptz[],
      ${failedIn((row) => row.channel)}::text[],
      ${failedIn((row) => row.teamId)}::uuid[],
      ${failedIn((row) => row.statusCode)}::integer[],
      ${failedIn((row) => row.errorCode)}::text[],
      ${failedIn((row) => row.errorMessage)}::text[],
      ${failedIn((row) => row.count)}::integer[],
      ${failedIn((row) => row.lastSeenAt.toISOString())}::timestamptz[])
    on conflict on constraint usage_channel_error_rollups_key do update set
      count = e.count + excluded.count,
      last_seen_at = greatest(e.last_seen_at, excluded.last_seen_at)`,
    { prepared: true },
  );
}

/**
 * Deletes up to `limit` of the oldest log rows from before `cutoff`; how many. Rows another
 * replica's pruning holds are skipped, not waited for; writers are never blocked (row locks only).
 */
export async function deleteUsageRowsBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`
    delete from prompt_usage where id in (
      select id from prompt_usage where created_at < ${cutoff.toISOString()}::timestamptz
      order by created_at, id limit ${limit} for update skip locked)
    returning id`,
  );
  return rows.length;
}

/**
 * Deletes up to `limit` rows of each rollup table whose bucket ended by `cutoff`; how many. The
 * day bucket the cutoff falls in stays (it also counts rows that are kept).
 */
export async function deleteRollupsBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const lastHour = new Date(cutoff.getTime() - 60 * 60 * 1000).toISOString();
  const lastDay = new Date(cutoff.getTime() - 24 * 60 * 60 * 1000).toISOString();
  const ended = (alias: string) =>
    sql.raw(`(${alias}.grain = 'hour' and ${alias}.bucket <= '${lastHour}'::timestamptz)
      or (${alias}.grain = 'day' and ${alias}.bucket <= '${lastDay}'::timestamptz)`);
  const [row] = await queryRows<{ deleted: number }>(
    db,
    sql`
    with rolled as (
      delete from usage_rollups where ctid = any(array(
        select r.ctid from usage_rollups r where ${ended("r")} limit ${limit} for update skip locked))
      returning 1
    ), served as (
      delete from usage_version_rollups where ctid = any(array(
        select v.ctid from usage_version_rollups v where v.bucket <= ${lastDay}::timestamptz
        limit ${limit} for update skip locked))
      returning 1
    ), failed as (
      delete from usage_error_rollups where ctid = any(array(
        select e.ctid from usage_error_rollups e where ${ended("e")} limit ${limit} for update skip locked))
      returning 1
    ), by_channel as (
      delete from usage_channel_rollups where ctid = any(array(
        select r.ctid from usage_channel_rollups r where ${ended("r")} limit ${limit} for update skip locked))
      returning 1
    ), by_prompt as (
      delete from usage_prompt_rollups where ctid = any(array(
        select r.ctid from usage_prompt_rollups r where ${ended("r")} limit ${limit} for update skip locked))
      returning 1
    ), failed_in as (
      delete from usage_channel_error_rollups where ctid = any(array(
        select e.ctid from usage_channel_error_rollups e where ${ended("e")} limit ${limit} for update skip locked))
      returning 1
    )
    select ((select count(*) from rolled) + (select count(*) from served) + (select count(*) from failed)
      + (select count(*) from by_channel) + (select count(*) from by_prompt) + (select count(*) from failed_in))::int
      as deleted`,
  );
  return row?.deleted ?? 0;
}

/** Whose events: everyone's, one user's own, or those filed under some teams plus one's own. */
export type UsageScope =
  | { kind: "all" }
  | { kind: "own"; userId: string }
  | { kind: "teams"; userId: string; teamIds: string[] };

/** Narrows the events; every field optional. `teamIds`: events filed under any of these teams. */
export type UsageFilter = {
  prompt?: string;
  channel?: UsageChannel;
  status?: "success" | "error";
  teamIds?: string[];
  userId?: string;
  projectId?: string;
  from?: Date;
  to?: Date;
};

const uuids = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`;
const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** The filter and the scope as conditions on log rows (alias `u`). */
function logConditions(filter: UsageFilter, scope: UsageScope): SQL[] {
  const conditions: SQL[] = [];
  if (filter.prompt !== undefined) conditions.push(sql`u.prompt_name = ${filter.prompt}`);
  if (filter.channel !== undefined) conditions.push(sql`u.channel = ${filter.channel}`);
  if (filter.status === "success") conditions.push(sql`u.status_code between 200 and 299`);
  if (filter.status === "error") conditions.push(sql`u.status_code not between 200 and 299`);
  if (filter.teamIds !== undefined) conditions.push(sql`u.team_id = any(${uuids(filter.teamIds)})`);
  if (filter.userId !== undefined) conditions.push(sql`u.user_id = ${filter.userId}::uuid`);
  if (filter.projectId !== undefined) conditions.push(sql`u.project_id = ${filter.projectId}::uuid`);
  if (filter.from !== undefined) conditions.push(sql`u.created_at >= ${at(filter.from)}`);
  if (filter.to !== undefined) conditions.push(sql`u.created_at < ${at(filter.to)}`);
  if (scope.kind === "own") conditions.push(sql`u.user_id = ${scope.userId}::uuid`);
  if (scope.kind === "teams") {
    conditions.push(sql`(u.team_id = any(${uuids(scope.teamIds)}) or u.user_id = ${scope.userId}::uuid)`);
  }
  return conditions;
}

const allOf = (conditions: SQL[]) => (conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `));

export type UsageEventRow = typeof promptUsage.$inferSelect & {
  username: string | null;
  displayName: string | null;
  apiKeyName: string | null;
  teamName: string | null;
  projectName: string | null;
  /** created_at to the microsecond, for the cursor. */
  position: string;
};

/** Where a page ends: the next page starts below this time and id. */
export type UsageCursor = { time: string; id: number };

/** Up to `limit` matching events before `before`, newest first, with the names of what they mention. */
export async function findUsageEvents(
  db: Db,
  filter: UsageFilter,
  scope: UsageScope,
  page: { before?: UsageCursor; limit: number },
): Promise<UsageEventRow[]> {
  const conditions = logConditions(filter, scope);
  if (page.before) {
    conditions.push(sql`(u.created_at, u.id) < (${page.before.time}::timestamptz, ${page.before.id}::bigint)`);
  }
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
    select u.id::float8 as id, u.created_at, u.caller_type, u.user_id, u.api_key_id, u.team_id, u.project_id,
      u.prompt_name, u.prompt_version, u.label, u.source, u.channel, u.status_code, u.error_code, u.error_message,
      u.latency_ms, u.input_bytes, u.output_bytes, u.input_excerpt, u.output_excerpt,
      to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position,
      us.username, us.display_name, k.name as api_key_name, t.name as team_name, p.name as project_name
    from prompt_usage u
    left join users us on us.id = u.user_id
    left join api_keys k on k.id = u.api_key_id
    left join teams t on t.id = u.team_id
    left join projects p on p.id = u.project_id
    where ${allOf(conditions)}
    order by u.created_at desc, u.id desc
    limit ${page.limit}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    createdAt: new Date(row.created_at as string | Date),
    callerType: row.caller_type as UsageEventRow["callerType"],
    userId: row.user_id as string | null,
    apiKeyId: row.api_key_id as string | null,
    teamId: row.team_id as string | null,
    projectId: row.project_id as string | null,
    promptName: row.prompt_name as string,
    promptVersion: row.prompt_version as string,
    label: row.label as string | null,
    source: row.source as UsageEventRow["source"],
    channel: row.channel as UsageEventRow["channel"],
    statusCode: row.status_code as number,
    errorCode: row.error_code as string | null,
    errorMessage: row.error_message as string | null,
    latencyMs: row.latency_ms as number,
    inputBytes: row.input_bytes as number,
    outputBytes: row.output_bytes as number | null,
    inputExcerpt: row.input_excerpt as string | null,
    outputExcerpt: row.output_excerpt as string | null,
    position: row.position as string,
    username: row.username as string | null,
    displayName: row.display_name as string | null,
    apiKeyName: row.api_key_name as string | null,
    teamName: row.team_name as string | null,
    projectName: row.project_name as string | null,
  }));
}

/** What the main aggregates can be grouped by (the bucket's size is the request's unit). */
export type UsageDimension = "bucket" | "prompt" | "channel";
/** What version aggregates can be grouped by. */
export type VersionDimension = "version" | "label";

const DIMENSION_COLUMNS: Record<UsageDimension | VersionDimension, string> = {
  bucket: "s",
  prompt: "prompt_name",
  channel: "channel",
  version: "prompt_version",
  label: "label",
};

/** One group of an aggregate: `dimension` null is the total of everything. */
export type UsageGroup<D extends string = UsageDimension> = {
  dimension: D | null;
  key: string | null;
  expansions: number;
  errors: number;
  latencySum: number;
  latencyMax: number;
  histogram: number[];
};

export type AggregateRequest<D extends string = UsageDimension> = {
  filter: UsageFilter;
  scope: UsageScope;
  /** Whole hours. */
  from: Date;
  to: Date;
  /** Size of the `bucket` dimension's groups. */
  unit: "hour" | "day";
  /** The present: a range reaching it reads today's day rows, which hold nothing later. */
  now: Date;
  dimensions: D[];
  /** Whether to add up latency histograms (for percentiles): the costliest part of reading rollups. */
  histogram?: boolean;
  /**
   * How many groups of a dimension are wanted, the most expanded (ties at the last place too):
   * the rest may be left unread. All when absent.
   */
  top?: Partial<Record<D, number>>;
};

type Span = { from: Date; to: Date };

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Splits a range of whole hours into the whole UTC days day rows answer and the ragged ends.
 * A range that reaches the present takes today from its day row, which holds nothing later.
 */
function splitRange(request: Pick<AggregateRequest, "from" | "to" | "unit" | "now">): {
  days: Span | null;
  edges: Span[];
} {
  const { from, to } = request;
  if (request.unit === "hour") return { days: null, edges: [{ from, to }] };
  const live = to >= request.now;
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const lastDay = live ? new Date(Math.ceil(to.getTime() / DAY_MS) * DAY_MS) : bucketStart("day", to);
  if (firstDay >= lastDay) return { days: null, edges: [{ from, to }] };
  const edges = [{ from, to: firstDay }, ...(live ? [] : [{ from: lastDay, to }])].filter(
    (edge) => edge.from < edge.to,
  );
  return { days: { from: firstDay, to: lastDay }, edges };
}

/**
 * Whether rollups can answer: they know each event's prompt, channel, status and team, not its
 * user or project; and a scope of one's own events is a user's.
 */
const rollupsAnswer = (filter: UsageFilter, scope: UsageScope) =>
  filter.userId === undefined && filter.projectId === undefined && scope.kind !== "own";

/** The teams whose rollups are in scope and filter; null = the organization's rows. */
function rollupTeams(filter: UsageFilter, scope: UsageScope): string[] | null {
  if (scope.kind !== "teams") return filter.teamIds ?? null;
  if (filter.teamIds === undefined) return scope.teamIds;
  const wanted = new Set(filter.teamIds);
  return scope.teamIds.filter((id) => wanted.has(id));
}

type Readers = {
  /** Day rows of the span: the organization's (teams null) or those teams'. */
  day(span: Span, teamIds: string[] | null): SQL;
  /** The organization's hour rows of the span, where the table has them. */
  hour?(span: Span): SQL;
  /** Log rows; `extra` is one more condition. */
  log(filter: UsageFilter, scope: UsageScope, extra?: SQL): SQL;
};

/**
 * The sources of an aggregate, as subqueries of the same columns, to be added up: rollup rows
 * when they can answer, log rows otherwise. Teams have day rows only: their ragged ends come from
 * the log (a team's few hours), as do a team owner's own events filed under teams they do not
 * manage.
 */
function sources(request: Omit<AggregateRequest<string>, "dimensions">, readers: Readers): SQL[] {
  const { filter, scope } = request;
  const whole = { ...filter, from: request.from, to: request.to };
  if (!rollupsAnswer(filter, scope)) return [readers.log(whole, scope)];
  const parts: SQL[] = [];
  const teams = rollupTeams(filter, scope);
  if (teams === null || teams.length > 0) {
    const { days, edges } = splitRange(request);
    if (days) parts.push(readers.day(days, teams));
    for (const edge of edges) {
      parts.push(
        teams === null && readers.hour
          ? readers.hour(edge)
          : readers.log({ ...filter, teamIds: teams ?? undefined, ...edge }, { kind: "all" }),
      );
    }
  }
  if (scope.kind === "teams") {
    const outside = sql`(u.team_id is null or not (u.team_id = any(${uuids(scope.teamIds)})))`;
    parts.push(readers.log({ ...whole, userId: scope.userId }, { kind: "all" }, outside));
  }
  return parts;
}

const histogramColumns = (expression: (index: number) => string) =>
  sql.raw(Array.from({ length: LATENCY_BUCKETS }, (_, i) => `, ${expression(i)} as h${i + 1}`).join(""));

const BOUNDS = `array[${LATENCY_BOUNDS_MS.join(",")}]::float8[]`;

/** Conditions (alias `r`) on rollup rows: the span, the teams (null: the organization's rows) and what they know of. */
function rollupConditions(filter: UsageFilter, span: Span, teamIds: string[] | null, grain?: "hour" | "day"): SQL {
  const conditions = [sql`r.bucket >= ${at(span.from)}`, sql`r.bucket < ${at(span.to)}`];
  if (grain) conditions.unshift(sql`r.grain = ${grain}`);
  conditions.push(teamIds === null ? sql`r.team_id is null` : sql`r.team_id = any(${uuids(teamIds)})`);
  if (filter.prompt !== undefined) conditions.push(sql`r.prompt_name = ${filter.prompt}`);
  if (filter.channel !== undefined) conditions.push(sql`r.channel = ${filter.channel}`);
  if (filter.status === "success") conditions.push(sql`r.status_class = 2`);
  if (filter.status === "error") conditions.push(sql`r.status_class <> 2`);
  return allOf(conditions);
}

const logWhere = (filter: UsageFilter, scope: UsageScope, extra?: SQL) =>
  allOf([...logConditions(filter, scope), ...(extra ? [extra] : [])]);

/** Groups the summed `cells` by each dimension in turn and in total, and reads the groups back. */
async function groupCells<D extends UsageDimension | VersionDimension>(
  db: Db,
  cells: SQL,
  dimensions: D[],
  measures: string,
): Promise<UsageGroup<D>[]> {
  const columns = dimensions.map((dimension) => sql.raw(`c.${DIMENSION_COLUMNS[dimension]}`));
  const sets = sql.raw([...dimensions.map((d) => `(c.${DIMENSION_COLUMNS[d]})`), "()"].join(", "));
  const grouping = dimensions.length > 0 ? sql`grouping(${sql.join(columns, sql`, `)})` : sql`0`;
  const selected = dimensions.length > 0 ? sql`${sql.join(columns, sql`, `)},` : sql``;
  const rows = await queryRowsSerially<Record<string, unknown>>(
    db,
    sql`
    select ${grouping} as grouping, ${selected}
      sum(c.count)::float8 as expansions,
      coalesce(sum(c.count) filter (where c.status_class <> 2), 0)::float8 as errors, ${sql.raw(measures)}
    from ${cells} c
    group by grouping sets (${sets})`,
  );
  return rows.map((row) => {
    const mask = Number(row.grouping);
    // grouping() sets one bit per dimension, the first the highest, for each one NOT grouped by.
    const index = dimensions.findIndex((_, i) => (mask & (1 << (dimensions.length - 1 - i))) === 0);
    const dimension = index === -1 ? null : (dimensions[index] as D);
    const raw = dimension === null ? null : row[DIMENSION_COLUMNS[dimension]];
    return {
      dimension,
      key:
        raw === null || raw === undefined
          ? null
          : dimension === "bucket"
            ? new Date(raw as string | Date).toISOString()
            : String(raw),
      expansions: Number(row.expansions),
      errors: Number(row.errors),
      latencySum: Number(row.latency_sum ?? 0),
      latencyMax: Number(row.latency_max ?? 0),
      histogram: Array.from({ length: LATENCY_BUCKETS }, (_, i) => Number(row[`h${i + 1}`] ?? 0)),
    };
  });
}

/**
 * Which of two rollup tables answers a filter: the one that keeps prompts apart only when a prompt
 * is asked for; otherwise the one that adds them together, a few rows per bucket instead of one
 * per prompt.
 */
const rollupTable = (filter: UsageFilter, tables: { allPrompts: string; perPrompt: string }) =>
  sql.raw(filter.prompt === undefined ? tables.allPrompts : tables.perPrompt);

const STATUS_CLASS = sql.raw("least(greatest(u.status_code / 100, 2), 5)");

/**
 * Expansions, errors and latency of the events in scope, filter and range, grouped by each of
 * `dimensions` in turn and in total. From the log, one query; from rollups, prompts are added up
 * apart, from the rollups that keep them but not channels and statuses.
 */
export async function findUsageAggregates(db: Db, request: AggregateRequest): Promise<UsageGroup[]> {
  const apart = request.dimensions.includes("prompt") && rollupsAnswer(request.filter, request.scope);
  const dimensions = apart ? request.dimensions.filter((dimension) => dimension !== "prompt") : request.dimensions;
  const [groups, prompts] = await Promise.all([
    findGroups(db, { ...request, dimensions }),
    apart ? findPromptGroups(db, request) : [],
  ]);
  return [...groups, ...prompts];
}

/** `findUsageAggregates` in one query, with the latency histogram of the total beside it. */
async function findGroups(db: Db, request: AggregateRequest): Promise<UsageGroup[]> {
  // Buckets already the unit's size need no conversion (the costliest per-row step after histograms).
  const seriesBucket = (column: string, size: "hour" | "day" | "any") =>
    size === request.unit
      ? sql.raw(column)
      : sql`date_trunc(${request.unit}, ${sql.raw(column)} at time zone 'UTC') at time zone 'UTC'`;
  // Only the log is ever grouped by prompt here (see findUsageAggregates).
  const promptColumn = request.dimensions.includes("prompt") ? sql`u.prompt_name,` : sql``;
  const table = rollupTable(request.filter, { allPrompts: "usage_channel_rollups", perPrompt: "usage_rollups" });
  const cellsOf = (histogram: boolean) => {
    const rollupHistogram = histogram ? histogramColumns((i) => `r.latency_histogram[${i + 1}]`) : sql``;
    const logHistogram = histogram ? histogramColumns((i) => `(u.wb = ${i})::int`) : sql``;
    const rollup = (grain: "hour" | "day") => (span: Span, teamIds: string[] | null) =>
      sql`
      select ${seriesBucket("r.bucket", grain)} as s, r.channel, r.status_class, r.count, r.latency_sum,
        r.latency_max ${rollupHistogram}
      from ${table} r where ${rollupConditions(request.filter, span, teamIds, grain)}`;
    const parts = sources(request, {
      day: rollup("day"),
      hour: (span) => rollup("hour")(span, null),
      log: (filter, scope, extra) => sql`
        select ${seriesBucket("u.created_at", "any")} as s, ${promptColumn} u.channel, ${STATUS_CLASS} as status_class,
          1 as count, u.latency_ms as latency_sum, u.latency_ms as latency_max ${logHistogram}
        from (select u.created_at, u.prompt_name, u.channel, u.status_code, u.latency_ms,
            width_bucket(u.latency_ms, ${sql.raw(BOUNDS)}) as wb
          from prompt_usage u where ${logWhere(filter, scope, extra)}) u`,
    });
    return parts.length === 0 ? null : sql`(${sql.join(parts, sql` union all `)})`;
  };
  const cells = cellsOf(false);
  if (cells === null) return [];
  // The histogram is added up apart, for the total alone: summing it for every group of every
  // dimension would cost several times the rest of the query.
  const histogram = async () => {
    const sums = Array.from(
      { length: LATENCY_BUCKETS },
      (_, i) => `coalesce(sum(c.h${i + 1}), 0)::float8 as h${i + 1}`,
    );
    const [row] = await queryRowsSerially<Record<string, number>>(
      db,
      sql`select ${sql.raw(sums.join(", "))} from ${cellsOf(true)} c`,
    );
    return Array.from({ length: LATENCY_BUCKETS }, (_, i) => Number(row?.[`h${i + 1}`] ?? 0));
  };
  const [groups, totalHistogram] = await Promise.all([
    groupCells(
      db,
      cells,
      request.dimensions,
      "sum(c.latency_sum)::float8 as latency_sum, max(c.latency_max)::float8 as latency_max",
    ),
    request.histogram === false ? null : histogram(),
  ]);
  if (totalHistogram) {
    const total = groups.find((group) => group.dimension === null);
    if (total) total.histogram = totalHistogram;
  }
  return groups;
}

/**
 * The groups of the prompt dimension, from rollups where they answer: the rollups by prompt alone,
 * unless a channel or status filter needs those kept apart. Only the `top.prompt` most expanded
 * when asked so (ties at the last place too).
 */
async function findPromptGroups(db: Db, request: AggregateRequest): Promise<UsageGroup[]> {
  const { filter } = request;
  const whole = filter.channel === undefined && filter.status === undefined;
  const rollup = (grain: "hour" | "day") => (span: Span, teamIds: string[] | null) =>
    whole
      ? sql`
        select r.prompt_name, r.count, r.errors, r.latency_sum, r.latency_max
        from usage_prompt_rollups r where ${rollupConditions(filter, span, teamIds, grain)}`
      : sql`
        select r.prompt_name, r.count, case when r.status_class <> 2 then r.count else 0 end as errors, r.latency_sum,
          r.latency_max
        from usage_rollups r where ${rollupConditions(filter, span, teamIds, grain)}`;
  const parts = sources(request, {
    day: rollup("day"),
    hour: (span) => rollup("hour")(span, null),
    log: (logFilter, scope, extra) => sql`
      select u.prompt_name, 1 as count, (${STATUS_CLASS} <> 2)::int as errors, u.latency_ms as latency_sum,
        u.latency_ms as latency_max
      from prompt_usage u where ${logWhere(logFilter, scope, extra)}`,
  });
  if (parts.length === 0) return [];
  const top = request.top?.prompt;
  const rows = await queryRowsSerially<Record<string, unknown>>(
    db,
    sql`
    select c.prompt_name, sum(c.count)::float8 as expansions, sum(c.errors)::float8 as errors,
      sum(c.latency_sum)::float8 as latency_sum, max(c.latency_max)::float8 as latency_max
    from (${sql.join(parts, sql` union all `)}) c
    group by c.prompt_name
    ${top === undefined ? sql`` : sql`order by sum(c.count) desc fetch first ${top} rows with ties`}`,
  );
  return rows.map((row) => ({
    dimension: "prompt",
    key: String(row.prompt_name),
    expansions: Number(row.expansions),
    errors: Number(row.errors),
    latencySum: Number(row.latency_sum),
    latencyMax: Number(row.latency_max),
    histogram: new Array(LATENCY_BUCKETS).fill(0),
  }));
}

/**
 * How many events are in scope, filter and range; nothing else. Log rows are counted from their
 * indexes where the filter allows, without reading the rows.
 */
export async function countUsage(
  db: Db,
  request: Omit<AggregateRequest, "dimensions" | "histogram" | "top">,
): Promise<number> {
  const table = rollupTable(request.filter, { allPrompts: "usage_channel_rollups", perPrompt: "usage_rollups" });
  const rollup = (grain: "hour" | "day") => (span: Span, teamIds: string[] | null) =>
    sql`select coalesce(sum(r.count), 0)::float8 as n from ${table} r
      where ${rollupConditions(request.filter, span, teamIds, grain)}`;
  const parts = sources(request, {
    day: rollup("day"),
    hour: (span) => rollup("hour")(span, null),
    log: (filter, scope, extra) =>
      sql`select count(*)::float8 as n from prompt_usage u where ${logWhere(filter, scope, extra)}`,
  });
  if (parts.length === 0) return 0;
  const [row] = await queryRowsSerially<{ n: number }>(
    db,
    sql`select coalesce(sum(c.n), 0)::float8 as n from (${sql.join(parts, sql` union all `)}) c`,
  );
  return Number(row?.n ?? 0);
}

/** Expansions and errors by version and by label served (no latency), in scope, filter and range. */
export async function findVersionAggregates(
  db: Db,
  request: AggregateRequest<VersionDimension>,
): Promise<UsageGroup<VersionDimension>[]> {
  const parts = sources(request, {
    day: (span, teamIds) => sql`
      select r.prompt_version, r.label, r.status_class, r.count
      from usage_version_rollups r where ${rollupConditions({ ...request.filter, channel: undefined }, span, teamIds)}`,
    log: (filter, scope, extra) => sql`
      select u.prompt_version, u.label, least(greatest(u.status_code / 100, 2), 5) as status_class, 1 as count
      from prompt_usage u where ${logWhere(filter, scope, extra)}`,
  });
  if (parts.length === 0) return [];
  return groupCells(db, sql`(${sql.join(parts, sql` union all `)})`, request.dimensions, "0 as latency_sum");
}

export type TopError = {
  errorCode: string;
  errorMessage: string;
  statusCode: number;
  count: number;
  lastSeenAt: Date;
};

/** The most frequent errors (code and message) in scope, filter and range, most frequent first. */
export async function findTopErrors(
  db: Db,
  request: Omit<AggregateRequest, "dimensions" | "unit">,
  limit: number,
): Promise<TopError[]> {
  if (request.filter.status === "success") return [];
  const table = rollupTable(request.filter, {
    allPrompts: "usage_channel_error_rollups",
    perPrompt: "usage_error_rollups",
  });
  const rollup = (grain: "hour" | "day") => (span: Span, teamIds: string[] | null) =>
    sql`
    select r.error_code, r.error_message, r.status_code, r.count, r.last_seen_at
    from ${table} r
    where ${rollupConditions({ ...request.filter, status: undefined }, span, teamIds, grain)}`;
  const parts = sources(
    { ...request, unit: "day" },
    {
      day: rollup("day"),
      hour: (span) => rollup("hour")(span, null),
      log: (filter, scope, extra) => sql`
        select u.error_code, coalesce(u.error_message, '') as error_message, u.status_code, 1 as count,
          u.created_at as last_seen_at
        from prompt_usage u
        where ${logWhere({ ...filter, status: "error" }, scope, sql`u.error_code is not null`)}
          ${extra ? sql`and ${extra}` : sql``}`,
    },
  );
  if (parts.length === 0) return [];
  const rows = await queryRowsSerially<{
    error_code: string;
    error_message: string;
    status_code: number;
    count: number;
    last_seen_at: string | Date;
  }>(
    db,
    sql`
    select c.error_code, c.error_message, c.status_code, sum(c.count)::float8 as count, max(c.last_seen_at) as last_seen_at
    from (${sql.join(parts, sql` union all `)}) c
    group by c.error_code, c.error_message, c.status_code
    order by sum(c.count) desc, max(c.last_seen_at) desc, c.error_code
    limit ${limit}`,
  );
  return rows.map((row) => ({
    errorCode: row.error_code,
    errorMessage: row.error_message,
    statusCode: row.status_code,
    count: Number(row.count),
    lastSeenAt: new Date(row.last_seen_at),
  }));
}
