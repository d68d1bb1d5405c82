/**
 * Identities checked in the last few seconds, so that hot paths (expansion, MCP) don't look up
 * the API key and its user on every request. Changes made through this process (revoking a key,
 * deactivating or editing a user) evict at once; other replicas see them within the TTL.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { value: unknown; userId: string; expiresAt: number };
const entries = new Map<string, Entry>();

/** The cached value for `key`, else what `load` finds (failures are not cached). */
export async function rememberIdentity<T>(key: string, load: () => Promise<{ value: T; userId: string }>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expiresAt > now) return hit.value as T;
  const loaded = await load();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { value: loaded.value, userId: loaded.userId, expiresAt: now + TTL_MS });
  return loaded.value;
}

/** Drops everything cached about a user: call after changing the user or any of their keys. */
export function forgetIdentity(userId: string): void {
  for (const [key, entry] of entries) if (entry.userId === userId) entries.delete(key);
}
