import { openAsBlob } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { openPgliteClient } from "../db/client.js";

// In-memory PGlite databases lent to test files in turn. Starting one from the migrated snapshot
// takes about 1.5 s of CPU, measured on 2 cores; emptying a returned one back to the snapshot's
// state takes about 0.1 s. Test files share their worker's modules (vitest.config.ts), so the
// idle databases outlive the file that returned them, and the next file in that worker takes one.

/** What a database holds straight from the snapshot, to put it back in that state. */
type Baseline = {
  tables: string[];
  /** The rows the migrations seeded, by table (as JSON, which a table's row type reads back). */
  seeds: Map<string, string>;
  catalog: string;
};

const idle: PGlite[] = [];
let baseline: Promise<Baseline> | null = null;

/** A database in the snapshot's state; `giveBack` returns it once the test file is done with it. */
export async function borrowPglite(): Promise<{ client: PGlite; giveBack(): Promise<void> }> {
  const client = idle.pop() ?? (await openPgliteClient(null, await openAsBlob(inject("pgliteSnapshot"))));
  // Read from the first database this worker starts, before any test has touched it.
  baseline ??= describeBaseline(client);
  const state = await baseline;
  return { client, giveBack: () => giveBack(client, state) };
}

async function describeBaseline(client: PGlite): Promise<Baseline> {
  const { rows } = await client.query<{ name: string }>(
    "select quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by tablename",
  );
  const tables = rows.map((row) => `public.${row.name}`);
  const seeds = new Map<string, string>();
  for (const table of tables) {
    const { rows: seeded } = await client.query<{ rows: string | null }>(
      `select json_agg(t)::text as rows from ${table} t`,
    );
    if (seeded[0]?.rows) seeds.set(table, seeded[0].rows);
  }
  return { tables, seeds, catalog: await catalogFingerprint(client) };
}

/**
 * Empties the database back to the snapshot's rows and puts it with the idle ones; a database a
 * test changed the schema of (a trigger of its own, say), or left unusable, is closed instead.
 */
async function giveBack(client: PGlite, { tables, seeds, catalog }: Baseline): Promise<void> {
  if (client.closed) return;
  try {
    // Replica mode skips triggers: the audit log's refusal to be emptied, and change notifications.
    await client.exec(`set session_replication_role = replica;
      truncate ${tables.join(", ")} restart identity cascade;
      reset session_replication_role;`);
    for (const [table, rows] of seeds) {
      await client.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [
        rows,
      ]);
    }
    // Prepared statements, session settings, advisory locks, temporary tables, listeners.
    await client.exec("discard all");
    if ((await catalogFingerprint(client)) === catalog) {
      idle.push(client);
      return;
    }
  } catch {
    // Left inside a transaction, for one: a fresh database is cheaper than finding out more.
  }
  await client.close().catch(() => {});
}

/** Changes whenever a schema object is added, dropped or altered (a column's type included). */
async function catalogFingerprint(client: PGlite): Promise<string> {
  const catalogs = ["pg_class", "pg_attrdef", "pg_trigger", "pg_proc", "pg_constraint", "pg_type", "pg_namespace"];
  const parts = [
    ...catalogs.map((name) => `(select count(*) || '/' || coalesce(max(oid::int8), 0) from ${name})`),
    "(select count(*) || '/' || sum(atttypid::int8) from pg_attribute)",
    "(select count(*) from drizzle.__drizzle_migrations)",
  ];
  const { rows } = await client.query<{ fingerprint: string }>(
    `select concat_ws(' ', ${parts.join(", ")}) as fingerprint`,
  );
  return rows[0]?.fingerprint ?? "";
}
