import type { PGlite, QueryOptions, Transaction } from "@electric-sql/pglite";
import { inSpan } from "../observability/tracing.js";

type Query = PGlite["query"];

/** PostgreSQL's own spans come from the `pg` instrumentation; PGlite runs in-process and has none. */
const traced = (query: Query, self: unknown): Query =>
  ((text: string, params?: unknown[], options?: QueryOptions) =>
    inSpan(
      "pglite.query",
      { "db.system.name": "postgresql", "db.query.text": text, "db.operation.name": firstWord(text) },
      () => query.call(self, text, params, options),
      // As for `pg`: migrations and background writes alone would each make a trace of their own.
      { requireParent: true },
    )) as Query;

const firstWord = (text: string) => /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "";

/**
 * Wraps the embedded database's queries in spans, those inside transactions included (drizzle
 * sends every statement through `query`). Only called when tracing is on.
 */
export function traceQueries(client: PGlite): void {
  client.query = traced(client.query, client);
  const transaction = client.transaction.bind(client);
  client.transaction = (callback) =>
    transaction((tx: Transaction) => {
      tx.query = traced(tx.query, tx);
      return callback(tx);
    });
}
