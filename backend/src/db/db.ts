import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.js";

/** The pool, a PGlite instance or a transaction: every data function takes one first. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
