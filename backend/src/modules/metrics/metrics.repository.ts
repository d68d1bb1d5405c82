import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";

/** Whose prompts: all of them (admins), or those one user owns. */
export type PromptScope = { kind: "all" } | { kind: "owner"; userId: string };

export type PromptTotals = { totalPrompts: number; totalVersions: number };

/**
 * How many prompts (deprecated ones included) and versions the scope holds: for all of them, the
 * totals triggers keep (counting every row of two wide tables would be most of a dashboard's
 * time); for one owner, counted through the owner's index.
 */
export async function findPromptTotals(db: Db, scope: PromptScope): Promise<PromptTotals> {
  const [row] = await queryRows<{ total_prompts: number; total_versions: number }>(
    db,
    scope.kind === "all"
      ? sql`select t.prompts as total_prompts, t.versions as total_versions from prompt_totals t where t.id = 1`
      : sql`
        select
          (select count(*)::int from prompts p where p.user_id = ${scope.userId}) as total_prompts,
          (select count(*)::int from prompt_versions v join prompts p on p.id = v.prompt_id
            where p.user_id = ${scope.userId}) as total_versions`,
  );
  return { totalPrompts: row?.total_prompts ?? 0, totalVersions: row?.total_versions ?? 0 };
}
