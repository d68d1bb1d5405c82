import type { Db } from "../../db/client.js";
import { promptUsage } from "../../db/schema.js";

export type NewUsageRow = typeof promptUsage.$inferInsert;

/** One multi-row insert. */
export async function insertUsageRows(db: Db, rows: NewUsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(promptUsage).values(rows);
}
