import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import type { promptUsage } from "../../db/schema.js";

export type NewUsageRow = typeof promptUsage.$inferInsert;

/**
 * One insert for the whole batch, with one array per column: the statement text is the same
 * for every batch size, so it is prepared once, and building it costs nothing however many rows
 * a busy server queues (a row-by-row VALUES list grows with the batch and holds up requests).
 */
export async function insertUsageRows(db: Db, rows: NewUsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One parameter per column (a bare array would become one parameter per row).
  const column = <T>(pick: (row: NewUsageRow) => T) => sql.param(rows.map(pick));
  await queryRows(
    db,
    sql`insert into prompt_usage (prompt_name, prompt_version, status_code, latency_ms, source, user_id)
      select * from unnest(
        ${column((row) => row.promptName)}::text[],
        ${column((row) => row.promptVersion)}::text[],
        ${column((row) => row.statusCode)}::integer[],
        ${column((row) => row.latencyMs)}::double precision[],
        ${column((row) => row.source ?? "rest")}::text[],
        ${column((row) => row.userId ?? null)}::uuid[])`,
    { prepared: true },
  );
}
