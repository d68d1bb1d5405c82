import type { Db } from "../../db/client.js";
import { deleteExpiredRequests, deleteExpiredTokens } from "./oauth.repository.js";

type PruneOptions = { signal?: AbortSignal; batchSize?: number };

/**
 * Removes authorization requests (and their codes) and tokens past their expiry, in batches
 * until none is left or the signal asks to stop; how many of each.
 */
export async function pruneOAuth(db: Db, options: PruneOptions = {}): Promise<{ requests: number; tokens: number }> {
  const batchSize = options.batchSize ?? 1000;
  const pruned = { requests: 0, tokens: 0 };
  for (const [kind, prune] of [
    ["requests", deleteExpiredRequests],
    ["tokens", deleteExpiredTokens],
  ] as const) {
    while (!options.signal?.aborted) {
      const deleted = await prune(db, batchSize);
      pruned[kind] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return pruned;
}
