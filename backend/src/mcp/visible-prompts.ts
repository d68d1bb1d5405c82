import type { Db } from "../db/client.js";
import type { Principal } from "../http/types.js";
import { listPrompts } from "../modules/prompts/prompts.service.js";
import type { PromptDetail } from "../modules/prompts/prompts.types.js";

const PAGE_SIZE = 500;

/**
 * Every prompt the caller may see and expand by default (deprecated ones are left out, and while
 * `production` is protected, those without an approved version), by name; `q` keeps
 * those whose name, description or served-version tags contain it. Pages through the whole
 * list, so nothing is cut off at a page boundary.
 */
export async function listAllVisiblePrompts(db: Db, principal: Principal | null, q?: string): Promise<PromptDetail[]> {
  const all: PromptDetail[] = [];
  let seen = 0;
  for (let page = 1; ; page++) {
    const { items, total } = await listPrompts(db, principal, {
      page,
      pageSize: PAGE_SIZE,
      q,
      includeDeprecated: false,
    });
    all.push(...items.filter((detail) => detail.active !== null));
    seen += items.length;
    if (items.length < PAGE_SIZE || seen >= total) return all;
  }
}
