import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";

type TeamList = ResponseBody<"/api/v1/teams", "get">;

/** The most teams the API answers in one page. */
const TEAM_PAGE_SIZE = 500;

/**
 * Every team, whatever its place in the tree, read a page at a time: for views that lay out or
 * name the whole tree (the org chart, owners' and projects' team names). Pickers search instead.
 */
export async function fetchEveryTeam(signal?: AbortSignal): Promise<TeamList> {
  const items: TeamList["items"] = [];
  for (let page = 1; ; page++) {
    const data = await unwrap(
      api.GET("/api/v1/teams", { params: { query: { flat: "true", page, page_size: TEAM_PAGE_SIZE } }, signal }),
    );
    items.push(...data.items);
    if (data.items.length < TEAM_PAGE_SIZE || items.length >= data.total) return { items, total: data.total };
  }
}
