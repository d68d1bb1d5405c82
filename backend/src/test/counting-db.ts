import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { Database, Db } from "../db/client.js";
import { attachReadCaches } from "../db/read-cache.js";
import * as schema from "../db/schema.js";

/**
 * A counting wrapper around the real driver client of the test database: every statement sent to
 * the server (and every connection checked out for a transaction) adds one. Used to prove that a
 * code path takes a fixed number of round trips. With `readCache`, reads go through a read cache
 * driven by the database's change feed, as the application's do; without, straight to the database.
 */
export function countingDb(
  database: Database,
  options: { readCache?: boolean } = {},
): { db: Db; statements: () => number } {
  let statements = 0;
  const counted = new Set(["query", "exec", "transaction", "connect"]);
  const client = (database.db as unknown as { $client: object }).$client;
  const proxy = new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (counted.has(String(property))) statements++;
        return value.apply(target, args);
      };
    },
  });
  const wrapped =
    database.kind === "pglite"
      ? drizzlePglite({ client: proxy as never, schema })
      : drizzlePg({ client: proxy as never, schema });
  const db = wrapped as unknown as Db;
  if (options.readCache) attachReadCaches(db, database.changes);
  return { db, statements: () => statements };
}
