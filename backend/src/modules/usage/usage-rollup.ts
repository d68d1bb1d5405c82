import type { UsageChannel, UsageRollupGrain } from "../../db/schema.js";

/**
 * Lower bounds (ms) of the latency histogram's buckets after the first: bucket 0 holds [0, 1),
 * bucket 1 [1, 2), … the last [2000, ∞). The same bounds are written in SQL (migration 0007,
 * the raw-row aggregates, the bench seeding): `width_bucket(latency_ms, bounds)` is the index.
 */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Index of the histogram bucket a latency falls in (as PostgreSQL's width_bucket). */
export function latencyBucket(latencyMs: number): number {
  let index = 0;
  while (index < LATENCY_BOUNDS_MS.length && latencyMs >= (LATENCY_BOUNDS_MS[index] as number)) index++;
  return index;
}

/** 2 (success), 4 (refused) or 5 (failed): the status class rollups count by. */
export const statusClassOf = (statusCode: number): number => Math.min(5, Math.max(2, Math.floor(statusCode / 100)));

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Start of the UTC hour or day `time` falls in. */
export function bucketStart(grain: UsageRollupGrain, time: Date): Date {
  const size = grain === "hour" ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(time.getTime() / size) * size);
}

/** What rollups need of a log row. */
export type RollupSource = {
  createdAt: Date;
  promptName: string;
  promptVersion: string;
  label: string | null;
  channel: UsageChannel;
  statusCode: number;
  teamId: string | null;
  latencyMs: number;
  errorCode: string | null;
  errorMessage: string | null;
};

export type RollupRow = {
  grain: UsageRollupGrain;
  bucket: Date;
  promptName: string;
  promptVersion: string;
  label: string | null;
  channel: UsageChannel;
  statusClass: number;
  teamId: string | null;
  count: number;
  latencySum: number;
  latencyMax: number;
  latencyHistogram: number[];
};

export type ErrorRollupRow = {
  grain: UsageRollupGrain;
  bucket: Date;
  promptName: string;
  channel: UsageChannel;
  teamId: string | null;
  statusCode: number;
  errorCode: string;
  errorMessage: string;
  count: number;
  lastSeenAt: Date;
};

const GRAINS: UsageRollupGrain[] = ["hour", "day"];

/**
 * The rollup rows a batch of log rows adds to, summed per key, in key order: every writer locks
 * the rows it adds to in the same order, so concurrent batches wait for each other, never deadlock.
 */
export function rollupsOf(rows: RollupSource[]): { rollups: RollupRow[]; errors: ErrorRollupRow[] } {
  const rollups = new Map<string, RollupRow>();
  const errors = new Map<string, ErrorRollupRow>();
  for (const row of rows) {
    const statusClass = statusClassOf(row.statusCode);
    for (const grain of GRAINS) {
      const bucket = bucketStart(grain, row.createdAt);
      const key = JSON.stringify([
        grain,
        bucket.getTime(),
        row.promptName,
        row.promptVersion,
        row.label,
        row.channel,
        statusClass,
        row.teamId,
      ]);
      let rollup = rollups.get(key);
      if (!rollup) {
        rollup = {
          grain,
          bucket,
          promptName: row.promptName,
          promptVersion: row.promptVersion,
          label: row.label,
          channel: row.channel,
          statusClass,
          teamId: row.teamId,
          count: 0,
          latencySum: 0,
          latencyMax: 0,
          latencyHistogram: new Array(LATENCY_BUCKETS).fill(0),
        };
        rollups.set(key, rollup);
      }
      rollup.count++;
      rollup.latencySum += row.latencyMs;
      rollup.latencyMax = Math.max(rollup.latencyMax, row.latencyMs);
      (rollup.latencyHistogram[latencyBucket(row.latencyMs)] as number)++;

      if (statusClass === 2 || row.errorCode === null) continue;
      const message = row.errorMessage ?? "";
      const errorKey = JSON.stringify([
        grain,
        bucket.getTime(),
        row.promptName,
        row.channel,
        row.teamId,
        row.statusCode,
        row.errorCode,
        message,
      ]);
      const error = errors.get(errorKey);
      if (error) {
        error.count++;
        if (row.createdAt > error.lastSeenAt) error.lastSeenAt = row.createdAt;
      } else {
        errors.set(errorKey, {
          grain,
          bucket,
          promptName: row.promptName,
          channel: row.channel,
          teamId: row.teamId,
          statusCode: row.statusCode,
          errorCode: row.errorCode,
          errorMessage: message,
          count: 1,
          lastSeenAt: row.createdAt,
        });
      }
    }
  }
  const inKeyOrder = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  return { rollups: inKeyOrder(rollups), errors: inKeyOrder(errors) };
}

/**
 * A latency percentile (0 < q < 1) estimated from a histogram: the bucket the q-th expansion
 * falls in, interpolated linearly within it; the last bucket ends at the largest latency seen.
 */
export function estimatePercentile(histogram: number[], q: number, maxMs: number): number {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  const target = q * total;
  let before = 0;
  for (let index = 0; index < histogram.length; index++) {
    const count = histogram[index] as number;
    if (count > 0 && before + count >= target) {
      const low = index === 0 ? 0 : (LATENCY_BOUNDS_MS[index - 1] as number);
      const high = Math.min(index < LATENCY_BOUNDS_MS.length ? (LATENCY_BOUNDS_MS[index] as number) : maxMs, maxMs);
      if (high <= low) return low;
      return low + ((high - low) * (target - before)) / count;
    }
    before += count;
  }
  return maxMs;
}
