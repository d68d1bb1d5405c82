import type { Db } from "../../db/client.js";
import type { UsageChannel } from "../../db/schema.js";
import { forbidden, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { isAdmin } from "../access/access.service.js";
import { getOrgSettings } from "../settings/settings.service.js";
import { listManagedTeamIds } from "../teams/team-lookup.service.js";
import { listSubtreeTeamIds } from "../teams/teams.service.js";
import {
  type AggregateRequest,
  countUsage,
  deleteRollupsBefore,
  deleteUsageRowsBefore,
  findTopErrors,
  findUsageAggregates,
  findUsageEvents,
  findVersionAggregates,
  type TopError,
  type UsageCursor,
  type UsageDimension,
  type UsageEventRow,
  type UsageFilter,
  type UsageGroup,
  type UsageScope,
  type VersionDimension,
} from "./usage.repository.js";
import { estimatePercentile } from "./usage-rollup.js";

export type { TopError, UsageEventRow };

/** Filters of the expansion log, as the API takes them. */
export type UsageQuery = {
  prompt?: string;
  userId?: string;
  /** That team and every team below it. */
  teamId?: string;
  projectId?: string;
  channel?: UsageChannel;
  status?: "success" | "error";
};

/**
 * Whose events the caller may read: admins everyone's; team owners those filed under the teams
 * they manage (the caller's team when it happened), and their own; everyone else their own.
 */
async function scopeOf(db: Db, principal: Principal): Promise<UsageScope> {
  if (isAdmin(principal)) return { kind: "all" };
  const teamIds = await listManagedTeamIds(db, principal.user.id);
  if (teamIds.length > 0) return { kind: "teams", userId: principal.user.id, teamIds };
  return { kind: "own", userId: principal.user.id };
}

/**
 * The scope and the query's filter. Filters narrow the scope; a caller who may read only their
 * own events asking for someone else's is told so rather than shown an empty list.
 */
async function readable(
  db: Db,
  principal: Principal,
  query: UsageQuery,
): Promise<{ scope: UsageScope; filter: UsageFilter }> {
  const scope = await scopeOf(db, principal);
  if (scope.kind === "own" && query.userId !== undefined && query.userId !== scope.userId) {
    throw forbidden(
      "You may read your own expansions only: leave user_id out or give your own id " +
        "(team owners read their teams' expansions, admins everyone's)",
      "usage_forbidden",
    );
  }
  const filter: UsageFilter = {
    prompt: query.prompt,
    channel: query.channel,
    status: query.status,
    userId: query.userId,
    projectId: query.projectId,
    teamIds: query.teamId === undefined ? undefined : await listSubtreeTeamIds(db, query.teamId),
  };
  return { scope, filter };
}

function assertRange(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from >= to) throw unprocessable("from must be earlier than to", "invalid_time_range");
}

const encodeCursor = (cursor: UsageCursor) =>
  Buffer.from(JSON.stringify([cursor.time, cursor.id])).toString("base64url");

function decodeCursor(text: string): UsageCursor {
  try {
    const [time, id] = JSON.parse(Buffer.from(text, "base64url").toString()) as unknown[];
    if (typeof time === "string" && !Number.isNaN(Date.parse(time)) && Number.isSafeInteger(id)) {
      return { time, id: id as number };
    }
  } catch {}
  throw unprocessable("cursor is not one this API gave; start again without it", "invalid_cursor");
}

export type UsageEventPage = { items: UsageEventRow[]; nextCursor: string | null };

/** One page of the expansions the caller may read, newest first; `nextCursor` leads to older ones. */
export async function listUsageEvents(
  db: Db,
  principal: Principal,
  query: UsageQuery & { from?: Date; to?: Date },
  page: { cursor?: string; limit: number },
): Promise<UsageEventPage> {
  assertRange(query.from, query.to);
  const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const { scope, filter } = await readable(db, principal, query);
  const rows = await findUsageEvents(db, { ...filter, from: query.from, to: query.to }, scope, {
    before,
    limit: page.limit + 1,
  });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor({ time: last.position, id: last.id }) : null,
  };
}

/** Expansions, errors and latency of a group of events. */
export type UsageFigures = {
  expansions: number;
  errors: number;
  errorRatePct: number;
  avgLatencyMs: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  p99LatencyMs: number;
  maxLatencyMs: number;
};

const round1 = (value: number) => Math.round(value * 10) / 10;

function figuresOf(group: UsageGroup<string> | undefined): UsageFigures {
  if (!group || group.expansions === 0) {
    return {
      expansions: 0,
      errors: 0,
      errorRatePct: 0,
      avgLatencyMs: 0,
      p50LatencyMs: 0,
      p95LatencyMs: 0,
      p99LatencyMs: 0,
      maxLatencyMs: 0,
    };
  }
  const percentile = (q: number) => round1(estimatePercentile(group.histogram, q, group.latencyMax));
  return {
    expansions: group.expansions,
    errors: group.errors,
    errorRatePct: round1((100 * group.errors) / group.expansions),
    avgLatencyMs: round1(group.latencySum / group.expansions),
    p50LatencyMs: percentile(0.5),
    p95LatencyMs: percentile(0.95),
    p99LatencyMs: percentile(0.99),
    maxLatencyMs: round1(group.latencyMax),
  };
}

export type UsageBreakdown<D extends string = Exclude<UsageDimension, "bucket">> = {
  total: UsageFigures;
  /** Every bucket of the range, oldest first, empty ones included. */
  series: (UsageFigures & { start: Date })[];
  /** Per key of each other dimension asked for, most expansions first. */
  by: Partial<Record<D, (UsageFigures & { key: string | null })[]>>;
};

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Bucket starts covering [from, to). */
function bucketsOf(from: Date, to: Date, unit: "hour" | "day"): Date[] {
  const size = unit === "hour" ? HOUR_MS : DAY_MS;
  const starts: Date[] = [];
  for (let start = Math.floor(from.getTime() / size) * size; start < to.getTime(); start += size) {
    starts.push(new Date(start));
  }
  return starts;
}

/** The groups of each dimension, most expansions first. */
function breakdownOf<D extends string>(groups: UsageGroup<D | "bucket">[], dimensions: D[]) {
  const by: Partial<Record<D, (UsageFigures & { key: string | null })[]>> = {};
  for (const dimension of dimensions) {
    by[dimension] = groups
      .filter((group) => group.dimension === dimension)
      .map((group) => ({ key: group.key, ...figuresOf(group) }))
      .sort((a, b) => b.expansions - a.expansions || String(a.key).localeCompare(String(b.key)));
  }
  return by;
}

export type UsageRange = { from: Date; to: Date; unit: "hour" | "day" };

/** Figures of the events a caller may read under one filter, over whatever ranges are asked. */
export type UsageView = {
  /**
   * In total, per bucket and per each dimension asked for, over whole hours. From rollups where
   * they can answer (see usage.repository.ts), from the log otherwise.
   */
  summarize(
    range: UsageRange,
    dimensions: Exclude<UsageDimension, "bucket">[],
    options?: {
      percentiles?: boolean;
      /** Keep only this many groups of a dimension, the most expanded. */
      top?: Partial<Record<Exclude<UsageDimension, "bucket">, number>>;
    },
  ): Promise<UsageBreakdown>;
  /** How many expansions, over whole hours. */
  count(range: UsageRange): Promise<number>;
  /** Expansions and errors by version and by label served (no latency), over whole hours. */
  versions(range: { from: Date; to: Date }): Promise<UsageBreakdown<VersionDimension>["by"]>;
  /** The most frequent errors (code and message), most frequent first. */
  topErrors(range: { from: Date; to: Date }, limit: number): Promise<TopError[]>;
  /** The newest events, as the events list gives them. */
  latest(limit: number): Promise<UsageEventRow[]>;
};

/** Who may read what is settled once; the view's queries then run side by side. */
export async function openUsageView(
  db: Db,
  principal: Principal,
  query: UsageQuery,
  now = new Date(),
): Promise<UsageView> {
  const { scope, filter } = await readable(db, principal, query);
  return {
    async summarize(range, dimensions, options = {}) {
      const request: AggregateRequest = {
        filter,
        scope,
        ...range,
        now,
        dimensions: ["bucket", ...dimensions],
        histogram: options.percentiles !== false,
        top: options.top,
      };
      const groups = await findUsageAggregates(db, request);
      const byBucket = new Map(groups.filter((g) => g.dimension === "bucket").map((g) => [g.key, g]));
      const by = breakdownOf(groups, dimensions);
      for (const dimension of dimensions) {
        const top = options.top?.[dimension];
        if (top !== undefined) by[dimension] = by[dimension]?.slice(0, top);
      }
      return {
        total: figuresOf(groups.find((group) => group.dimension === null)),
        series: bucketsOf(range.from, range.to, range.unit).map((start) => ({
          start,
          ...figuresOf(byBucket.get(start.toISOString())),
        })),
        by,
      };
    },
    count: (range) => countUsage(db, { filter, scope, ...range, now }),
    async versions(range) {
      const dimensions: VersionDimension[] = ["version", "label"];
      const groups = await findVersionAggregates(db, { filter, scope, ...range, unit: "day", now, dimensions });
      return breakdownOf(groups, dimensions);
    },
    topErrors: (range, limit) => findTopErrors(db, { filter, scope, ...range, now }, limit),
    latest: (limit) => findUsageEvents(db, filter, scope, { limit }),
  };
}

const PRUNE_BATCH = 5000;

export type UsagePruneOptions = {
  now?: Date;
  /** Rows deleted per statement, so pruning never holds many locks or a long transaction. */
  batchSize?: number;
  /** Checked between batches: shutting down stops a long pruning early. */
  signal?: AbortSignal;
};

/**
 * Deletes the expansion log rows older than `usage_retention_days`, and the rollup buckets that
 * ended before then, oldest first, a batch per statement; how many of each it deleted.
 */
export async function pruneUsage(
  db: Db,
  options: UsagePruneOptions = {},
): Promise<{ events: number; rollups: number }> {
  const days = (await getOrgSettings(db)).usageRetentionDays;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  const batchSize = options.batchSize ?? PRUNE_BATCH;
  const pruned = { events: 0, rollups: 0 };
  for (const [kind, prune] of [
    ["events", deleteUsageRowsBefore],
    ["rollups", deleteRollupsBefore],
  ] as const) {
    while (!options.signal?.aborted) {
      const deleted = await prune(db, cutoff, batchSize);
      pruned[kind] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return pruned;
}
