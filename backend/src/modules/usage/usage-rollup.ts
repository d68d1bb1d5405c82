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
  channel: UsageChannel;
  statusClass: number;
  /** Null: the whole organization. */
  teamId: string | null;
  count: number;
  latencySum: number;
  latencyMax: number;
  latencyHistogram: number[];
};

/** A rollup row with every prompt added together. */
export type ChannelRollupRow = Omit<RollupRow, "promptName">;

/** A rollup row with every channel and status added together. */
export type PromptRollupRow = {
  grain: UsageRollupGrain;
  bucket: Date;
  promptName: string;
  teamId: string | null;
  count: number;
  /** Of `count`, those whose status class is not 2. */
  errors: number;
  latencySum: number;
  latencyMax: number;
};

export type VersionRollupRow = {
  bucket: Date;
  promptName: string;
  promptVersion: string;
  label: string | null;
  statusClass: number;
  teamId: string | null;
  count: number;
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

/** An error rollup row with every prompt added together. */
export type ChannelErrorRollupRow = Omit<ErrorRollupRow, "promptName">;

/**
 * Which rollup rows an event counts in: the organization's hour and day, and its team's day when
 * it has a team. Team hours are left to the log: a team's hours are few events, and counting
 * them apart would make the hourly rollups nearly as many as the events.
 */
function placesOf(row: RollupSource): { grain: UsageRollupGrain; bucket: Date; teamId: string | null }[] {
  const day = bucketStart("day", row.createdAt);
  const places: { grain: UsageRollupGrain; bucket: Date; teamId: string | null }[] = [
    { grain: "hour", bucket: bucketStart("hour", row.createdAt), teamId: null },
    { grain: "day", bucket: day, teamId: null },
  ];
  if (row.teamId !== null) places.push({ grain: "day", bucket: day, teamId: row.teamId });
  return places;
}

/** Adds `value` under `key`, or merges it into what is there. */
function addTo<T>(map: Map<string, T>, key: unknown[], value: () => T, merge: (existing: T) => void): void {
  const text = JSON.stringify(key);
  const existing = map.get(text);
  if (existing) merge(existing);
  else map.set(text, value());
}

const inKeyOrder = <T>(map: Map<string, T>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);

/** Counts one more expansion in a rollup row, with its latency. */
function addLatency(
  rollup: { count: number; latencySum: number; latencyMax: number; latencyHistogram?: number[] },
  latencyMs: number,
): void {
  rollup.count++;
  rollup.latencySum += latencyMs;
  rollup.latencyMax = Math.max(rollup.latencyMax, latencyMs);
  if (rollup.latencyHistogram) (rollup.latencyHistogram[latencyBucket(latencyMs)] as number)++;
}

const histogramOf = (latencyMs: number) => {
  const histogram = new Array(LATENCY_BUCKETS).fill(0);
  histogram[latencyBucket(latencyMs)] = 1;
  return histogram;
};

export type BatchRollups = {
  rollups: RollupRow[];
  channels: ChannelRollupRow[];
  prompts: PromptRollupRow[];
  versions: VersionRollupRow[];
  errors: ErrorRollupRow[];
  channelErrors: ChannelErrorRollupRow[];
};

/**
 * The rollup rows a batch of log rows adds to, summed per key, in key order: every writer locks
 * the rows it adds to in the same order, so concurrent batches wait for each other, never deadlock.
 */
export function rollupsOf(rows: RollupSource[]): BatchRollups {
  const rollups = new Map<string, RollupRow>();
  const channels = new Map<string, ChannelRollupRow>();
  const prompts = new Map<string, PromptRollupRow>();
  const versions = new Map<string, VersionRollupRow>();
  const errors = new Map<string, ErrorRollupRow>();
  const channelErrors = new Map<string, ChannelErrorRollupRow>();
  for (const row of rows) {
    const statusClass = statusClassOf(row.statusCode);
    const failed = statusClass !== 2 && row.errorCode !== null;
    const latency = { count: 1, latencySum: row.latencyMs, latencyMax: row.latencyMs };
    for (const { grain, bucket, teamId } of placesOf(row)) {
      const at = bucket.getTime();
      const byChannel = { grain, bucket, channel: row.channel, statusClass, teamId };
      addTo(
        rollups,
        [grain, at, row.promptName, row.channel, statusClass, teamId],
        () => ({ ...byChannel, promptName: row.promptName, ...latency, latencyHistogram: histogramOf(row.latencyMs) }),
        (rollup) => addLatency(rollup, row.latencyMs),
      );
      addTo(
        channels,
        [grain, at, row.channel, statusClass, teamId],
        () => ({ ...byChannel, ...latency, latencyHistogram: histogramOf(row.latencyMs) }),
        (rollup) => addLatency(rollup, row.latencyMs),
      );
      addTo(
        prompts,
        [grain, at, row.promptName, teamId],
        () => ({ grain, bucket, promptName: row.promptName, teamId, ...latency, errors: statusClass === 2 ? 0 : 1 }),
        (rollup) => {
          addLatency(rollup, row.latencyMs);
          if (statusClass !== 2) rollup.errors++;
        },
      );
      if (grain === "day") {
        addTo(
          versions,
          [row.promptName, at, row.promptVersion, row.label, statusClass, teamId],
          () => ({
            bucket,
            promptName: row.promptName,
            promptVersion: row.promptVersion,
            label: row.label,
            statusClass,
            teamId,
            count: 1,
          }),
          (version) => {
            version.count++;
          },
        );
      }
      if (!failed) continue;
      const error = {
        grain,
        bucket,
        channel: row.channel,
        teamId,
        statusCode: row.statusCode,
        errorCode: row.errorCode as string,
        errorMessage: row.errorMessage ?? "",
        count: 1,
        lastSeenAt: row.createdAt,
      };
      const seenAgain = (seen: { count: number; lastSeenAt: Date }) => {
        seen.count++;
        if (row.createdAt > seen.lastSeenAt) seen.lastSeenAt = row.createdAt;
      };
      const what = [row.statusCode, row.errorCode, error.errorMessage];
      addTo(
        errors,
        [grain, at, row.promptName, row.channel, teamId, ...what],
        () => ({ ...error, promptName: row.promptName }),
        seenAgain,
      );
      addTo(channelErrors, [grain, at, row.channel, teamId, ...what], () => ({ ...error }), seenAgain);
    }
  }
  return {
    rollups: inKeyOrder(rollups),
    channels: inKeyOrder(channels),
    prompts: inKeyOrder(prompts),
    versions: inKeyOrder(versions),
    errors: inKeyOrder(errors),
    channelErrors: inKeyOrder(channelErrors),
  };
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
