import { sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { CHANGES_CHANNEL, type ChangedData, type ChangeFeed, type ChangeTopic, topicOf } from "./change-feed.js";
import type { Db } from "./db.js";

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
  /** Drops one entry, on this process only. */
  forget(key: string): void;
  /** Reads served so far: from memory (or a load already under way), and by a load of their own. */
  stats(): ReadCacheStats;
};

export type ReadCacheStats = { hits: number; misses: number };

export type ReadCacheOptions = {
  maxEntries: number;
  /** Bound on the approximate size of all entries (see `approximateSize`): templates can be large. */
  maxSize: number;
  /** A safety net only: changes are seen through the feed long before this. */
  ttlMs: number;
};

const DEFAULTS: ReadCacheOptions = { maxEntries: 20_000, maxSize: 32 * 1024 * 1024, ttlMs: 60_000 };

type Entry = { value: unknown; generation: number };
type Load = { promise: Promise<unknown>; generation: number };

/**
 * Roughly how much a value holds: characters of its strings plus a few per other field, over
 * objects, arrays and maps at any depth. Counting stops past `limit`, so a huge value costs no
 * more to measure than one just over the limit.
 */
export function approximateSize(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= limit) {
    const item = pending.pop();
    if (typeof item === "string") {
      size += item.length;
    } else if (item === null || typeof item !== "object") {
      size += 8;
    } else {
      size += 16;
      for (const child of item instanceof Map ? item.values() : Array.isArray(item) ? item : Object.values(item)) {
        pending.push(child);
      }
    }
  }
  return size;
}

/** A key from its parts, which may hold any characters without two keys colliding. */
export const cacheKey = (...parts: (string | null)[]) => JSON.stringify(parts);

export function createReadCache(
  feed: ChangeFeed,
  topic: ChangeTopic,
  options: Partial<ReadCacheOptions> = {},
): ReadCache {
  const { maxEntries, maxSize, ttlMs } = { ...DEFAULTS, ...options };
  // One huge value would push out everything else: past this size a value is not kept.
  const largest = Math.max(1, Math.floor(maxSize / 16));
  // Least recently read out first, until a new entry fits both bounds; an entry past its TTL is
  // dropped when next read.
  const entries = new LRUCache<string, Entry>({
    max: maxEntries,
    maxSize,
    maxEntrySize: largest,
    sizeCalculation: (entry) => Math.max(1, approximateSize(entry.value, largest)),
    ttl: ttlMs,
  });
  const loads = new Map<string, Load>();
  let entriesGeneration = feed.generation(topic);
  let hits = 0;
  let misses = 0;

  const store = (key: string, value: unknown, generation: number) => {
    if (!feed.live || feed.generation(topic) !== generation) return;
    // A change empties the cache at the next store, rather than keeping dead entries around.
    if (entriesGeneration !== generation) {
      entries.clear();
      entriesGeneration = generation;
    }
    entries.set(key, { value, generation });
  };

  return {
    forget: (key) => {
      entries.delete(key);
    },
    stats: () => ({ hits, misses }),
    async read<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (!feed.live) {
        misses++;
        return load();
      }
      const generation = feed.generation(topic);
      const hit = entries.get(key);
      if (hit && hit.generation === generation) {
        hits++;
        return hit.value as T;
      }
      const pending = loads.get(key);
      if (pending && pending.generation === generation) {
        hits++;
        return pending.promise as Promise<T>;
      }
      misses++;
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

/**
 * Caches for `db`'s reads, driven by `feed`: `data` for what expansions read, `sessions` for MCP
 * sessions, `identities` for the users and API keys that requests present.
 */
export function attachReadCaches(db: Db, feed: ChangeFeed): void {
  handles.set(db, {
    feed,
    caches: {
      data: createReadCache(feed, "data"),
      sessions: createReadCache(feed, "sessions"),
      identities: createReadCache(feed, "identities"),
    },
  });
}

/** Each cache's hits and misses so far, for the metrics endpoint; null for a handle without caches. */
export function readCacheStats(db: Db): Record<ChangeTopic, ReadCacheStats> | null {
  const caches = handles.get(db)?.caches;
  if (!caches) return null;
  return { data: caches.data.stats(), sessions: caches.sessions.stats(), identities: caches.identities.stats() };
}

export function cachedRead<T>(db: Db, key: string, load: () => Promise<T>, topic: ChangeTopic = "data"): Promise<T> {
  const cache = handles.get(db)?.caches[topic];
  return cache ? cache.read(key, load) : load();
}

/**
 * After a write through `db` has committed, the service that wrote names what it changed: this
 * process's caches of it stop serving anything read before, at once. (Other processes learn of
 * the change from the database's notification.)
 */
export function markChanged(db: Db, ...changed: ChangedData[]): void {
  const feed = handles.get(db)?.feed;
  if (!feed) return;
  for (const topic of new Set(changed.map(topicOf))) feed.touch(topic);
}

/**
 * For tables without a change trigger: sends, inside the writing transaction, the notification a
 * trigger would send, so every process hears of the write at commit (and none on rollback).
 */
export async function announceChange(tx: Db, changed: ChangedData): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${changed})`);
}

/**
 * After a write through `db` that changed one cached value, when a value read just before the
 * write may still be served for a moment without harm: this process drops it at once; the
 * others learn of the change from the database's notification, if the write sends one.
 */
export function forgetCached(db: Db, key: string, topic: ChangeTopic = "data"): void {
  handles.get(db)?.caches[topic].forget(key);
}
