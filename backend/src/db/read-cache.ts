import type { ChangeFeed, ChangeTopic } from "./change-feed.js";
import type { Db } from "./client.js";

/**
 * Results of hot reads (served prompts, governance, project access) kept in this process and
 * dropped as soon as the change feed reports a write to the tables they come from. A value is
 * stored only if no change was reported while it was being loaded, so a load racing a write
 * cannot leave stale data behind. While the feed is not live (connecting, reconnecting) every
 * read goes to the database. Concurrent reads of one key share one load.
 *
 * Cached values are shared between requests: callers must treat them as read-only.
 */
export type ReadCache = {
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
};

export type ReadCacheOptions = {
  maxEntries: number;
  /** Bound on the approximate size of all entries (see `approximateSize`): templates can be large. */
  maxSize: number;
  /** A safety net only: changes are seen through the feed long before this. */
  ttlMs: number;
};

const DEFAULTS: ReadCacheOptions = { maxEntries: 20_000, maxSize: 32 * 1024 * 1024, ttlMs: 60_000 };

type Entry = { value: unknown; generation: number; expiresAt: number; size: number };

/**
 * Roughly how much a value holds: characters of its strings plus a few per other field, over
 * objects, arrays and maps. Enough to keep a cache of rows with large templates within bounds.
 */
export function approximateSize(value: unknown, depth = 0): number {
  if (typeof value === "string") return value.length;
  if (value === null || typeof value !== "object" || depth > 8) return 8;
  let size = 16;
  const items = value instanceof Map ? value.values() : Array.isArray(value) ? value : Object.values(value);
  for (const item of items) size += 8 + approximateSize(item, depth + 1);
  return size;
}
type Load = { promise: Promise<unknown>; generation: number };

export function createReadCache(
  feed: ChangeFeed,
  topic: ChangeTopic,
  options: Partial<ReadCacheOptions> = {},
): ReadCache {
  const { maxEntries, maxSize, ttlMs } = { ...DEFAULTS, ...options };
  const entries = new Map<string, Entry>();
  const loads = new Map<string, Load>();
  let entriesGeneration = feed.generation(topic);
  let totalSize = 0;

  const remove = (key: string) => {
    totalSize -= entries.get(key)?.size ?? 0;
    entries.delete(key);
  };

  const store = (key: string, value: unknown, generation: number) => {
    if (!feed.live || feed.generation(topic) !== generation) return;
    // A change empties the map at the next store, rather than keeping dead entries around.
    if (entriesGeneration !== generation) {
      entries.clear();
      totalSize = 0;
      entriesGeneration = generation;
    }
    const size = approximateSize(value);
    if (size > maxSize / 16) return; // one huge value would push out everything else
    remove(key);
    // Oldest first out, until the new entry fits.
    for (const oldest of entries.keys()) {
      if (entries.size < maxEntries && totalSize + size <= maxSize) break;
      remove(oldest);
    }
    entries.set(key, { value, generation, expiresAt: Date.now() + ttlMs, size });
    totalSize += size;
  };

  return {
    async read<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (!feed.live) return load();
      const generation = feed.generation(topic);
      const hit = entries.get(key);
      if (hit && hit.generation === generation && hit.expiresAt > Date.now()) return hit.value as T;
      const pending = loads.get(key);
      if (pending && pending.generation === generation) return pending.promise as Promise<T>;
      const promise = load();
      loads.set(key, { promise, generation });
      try {
        const value = await promise;
        store(key, value, generation);
        return value;
      } finally {
        if (loads.get(key)?.promise === promise) loads.delete(key);
      }
    },
  };
}

/**
 * Each database handle's caches, found from the handle that data functions already take. A handle
 * without them (a transaction, a test's bare handle) reads straight from the database.
 */
type HandleCaches = { feed: ChangeFeed; caches: Record<ChangeTopic, ReadCache> };
const handles = new WeakMap<Db, HandleCaches>();

/** Caches for `db`'s reads, driven by `feed`: `data` for what expansions read, `sessions` for MCP sessions. */
export function attachReadCaches(db: Db, feed: ChangeFeed, options: Partial<ReadCacheOptions> = {}): void {
  handles.set(db, {
    feed,
    caches: { data: createReadCache(feed, "data", options), sessions: createReadCache(feed, "sessions", options) },
  });
}

export function cachedRead<T>(db: Db, key: string, load: () => Promise<T>, topic: ChangeTopic = "data"): Promise<T> {
  const cache = handles.get(db)?.caches[topic];
  return cache ? cache.read(key, load) : load();
}

/** After a write through `db`: its caches of `topic` stop serving what was read before it. */
export function markChanged(db: Db, topic: ChangeTopic): void {
  handles.get(db)?.feed.touch(topic);
}
