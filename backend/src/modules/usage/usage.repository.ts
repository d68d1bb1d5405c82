import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import type { promptUsage } from "../../db/schema.js";
import { LATENCY_BUCKETS, rollupsOf } from "./usage-rollup.js";

export type NewUsageRow = Omit<typeof promptUsage.$inferInsert, "id" | "createdAt"> & { createdAt: Date };

const histogramSum = (table: string) =>
  sql.raw(
    `array[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${table}.latency_histogram[${i + 1}] + excluded.latency_histogram[${i + 1}]`).join(", ")}]`,
  );

/**
 * Writes a batch of log rows and adds them to the hourly and daily rollups (and the error
 * rollups), all in one statement: the rollups never count a row that is not in the log, nor
 * miss one that is. One array per column, so the statement text is the same for every batch
 * size and is prepared once, and building it costs nothing however many rows are queued.
 */
export async function insertUsageRows(db: Db, rows: NewUsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { rollups, errors } = rollupsOf(
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
  const hourly = <T>(pick: (row: (typeof rollups)[number]) => T) => column(rollups, pick);
  const failed = <T>(pick: (row: (typeof errors)[number]) => T) => column(errors, pick);
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
      insert into usage_rollups as r (grain, bucket, prompt_name, prompt_version, label, channel, status_class,
        team_id, count, latency_sum, latency_max, latency_histogram)
      select grain, bucket, prompt_name, prompt_version, label, channel, status_class, team_id, count, latency_sum,
        latency_max, histogram::integer[]
      from unnest(
        ${hourly((row) => row.grain)}::text[],
        ${hourly((row) => row.bucket.toISOString())}::timestamptz[],
        ${hourly((row) => row.promptName)}::text[],
        ${hourly((row) => row.promptVersion)}::text[],
        ${hourly((row) => row.label)}::text[],
        ${hourly((row) => row.channel)}::text[],
        ${hourly((row) => row.statusClass)}::smallint[],
        ${hourly((row) => row.teamId)}::uuid[],
        ${hourly((row) => row.count)}::integer[],
        ${hourly((row) => row.latencySum)}::double precision[],
        ${hourly((row) => row.latencyMax)}::double precision[],
        ${hourly((row) => `{${row.latencyHistogram.join(",")}}`)}::text[]
      ) as x(grain, bucket, prompt_name, prompt_version, label, channel, status_class, team_id, count, latency_sum,
        latency_max, histogram)
      on conflict on constraint usage_rollups_key do update set
        count = r.count + excluded.count,
        latency_sum = r.latency_sum + excluded.latency_sum,
        latency_max = greatest(r.latency_max, excluded.latency_max),
        latency_histogram = ${histogramSum("r")}
    )
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
 * Deletes up to `limit` rows of each rollup table whose bucket ends by `cutoff`; how many. The
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
    ), failed as (
      delete from usage_error_rollups where ctid = any(array(
        select e.ctid from usage_error_rollups e where ${ended("e")} limit ${limit} for update skip locked))
      returning 1
    )
    select ((select count(*) from rolled) + (select count(*) from failed))::int as deleted`,
  );
  return row?.deleted ?? 0;
}
