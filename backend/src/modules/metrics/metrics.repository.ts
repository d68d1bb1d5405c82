import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";

/** Whose numbers: everything (admins), or the prompts one user owns and their usage. */
export type MetricsScope = { kind: "all" } | { kind: "owner"; userId: string };

export type MetricsTotals = {
  totalPrompts: number;
  totalVersions: number;
  totalExpands: number;
  expands24h: number;
  avgLatencyMs: number;
  errorRatePct: number;
};
export type TopPrompt = { name: string; count: number; avgLatencyMs: number };
export type DailyCount = { date: string; count: number };

const promptFilter = (scope: MetricsScope, alias: SQL): SQL =>
  scope.kind === "all" ? sql`true` : sql`${alias}.user_id = ${scope.userId}`;

/** Usage is recorded by prompt name, so a user's usage is that of the names they own. */
const usageFilter = (scope: MetricsScope): SQL =>
  scope.kind === "all"
    ? sql`true`
    : sql`u.prompt_name in (select p.name from prompts p where p.user_id = ${scope.userId})`;

export async function findMetricsTotals(db: Db, scope: MetricsScope): Promise<MetricsTotals> {
  const [row] = await queryRows<{
    total_prompts: number;
    total_versions: number;
    total_expands: number;
    expands_24h: number;
    avg_latency_ms: number;
    error_rate_pct: number;
  }>(
    db,
    sql`
    select
      (select count(*)::int from prompts p where ${promptFilter(scope, sql`p`)}) as total_prompts,
      (select count(*)::int from prompt_versions v join prompts p on p.id = v.prompt_id
        where ${promptFilter(scope, sql`p`)}) as total_versions,
      count(*)::int as total_expands,
      (count(*) filter (where u.created_at >= now() - interval '24 hours'))::int as expands_24h,
      coalesce(round(avg(u.latency_ms)::numeric, 1), 0)::float8 as avg_latency_ms,
      coalesce(round(100.0 * count(*) filter (where u.status_code <> 200) / nullif(count(*), 0), 1), 0)::float8
        as error_rate_pct
    from prompt_usage u
    where ${usageFilter(scope)}`,
  );
  return {
    totalPrompts: row?.total_prompts ?? 0,
    totalVersions: row?.total_versions ?? 0,
    totalExpands: row?.total_expands ?? 0,
    expands24h: row?.expands_24h ?? 0,
    avgLatencyMs: row?.avg_latency_ms ?? 0,
    errorRatePct: row?.error_rate_pct ?? 0,
  };
}

/** The most expanded prompts of the last seven days, most used first. */
export async function findTopPrompts(db: Db, scope: MetricsScope, limit: number): Promise<TopPrompt[]> {
  const rows = await queryRows<{ name: string; count: number; avg_latency_ms: number }>(
    db,
    sql`
    select u.prompt_name as name, count(*)::int as count, round(avg(u.latency_ms)::numeric, 1)::float8 as avg_latency_ms
    from prompt_usage u
    where u.created_at >= now() - interval '7 days' and ${usageFilter(scope)}
    group by u.prompt_name
    order by count(*) desc, u.prompt_name
    limit ${limit}`,
  );
  return rows.map((row) => ({ name: row.name, count: row.count, avgLatencyMs: row.avg_latency_ms }));
}

/** Expansions per UTC day over the last seven calendar days (today included); days without any are left out. */
export async function findDailyUsage(db: Db, scope: MetricsScope): Promise<DailyCount[]> {
  return queryRows<DailyCount>(
    db,
    sql`
    select to_char((u.created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as date, count(*)::int as count
    from prompt_usage u
    where u.created_at >= (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') - interval '6 days'
      and ${usageFilter(scope)}
    group by 1
    order by 1`,
  );
}
