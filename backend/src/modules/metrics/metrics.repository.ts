import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";

/** Whose prompts: all of them (admins), or those one user owns. */
export type PromptScope = { kind: "all" } | { kind: "owner"; userId: string };

export type PromptTotals = { totalPrompts: number; totalVersions: number };

const promptFilter = (scope: PromptScope, alias: SQL): SQL =>
  scope.kind === "all" ? sql`true` : sql`${alias}.user_id = ${scope.userId}`;

/** How many prompts (deprecated ones included) and versions the scope holds. */
export async function findPromptTotals(db: Db, scope: PromptScope): Promise<PromptTotals> {
  const [row] = await queryRows<{ total_prompts: number; total_versions: number }>(
    db,
    sql`
    select
      (select count(*)::int from prompts p where ${promptFilter(scope, sql`p`)}) as total_prompts,
      (select count(*)::int from prompt_versions v join prompts p on p.id = v.prompt_id
        where ${promptFilter(scope, sql`p`)}) as total_versions`,
  );
  return { totalPrompts: row?.total_prompts ?? 0, totalVersions: row?.total_versions ?? 0 };
}
