import type { Db } from "../../db/client.js";
import type { Principal } from "../../http/types.js";
import { isAdmin } from "../access/access.service.js";
import {
  type DailyCount,
  findDailyUsage,
  findMetricsTotals,
  findTopPrompts,
  type MetricsScope,
  type MetricsTotals,
  type TopPrompt,
} from "./metrics.repository.js";

export type Dashboard = MetricsTotals & { topPrompts: TopPrompt[]; dailyUsage: DailyCount[] };

const TOP_PROMPTS = 10;

/** Usage numbers: admins see the whole registry; other users see the prompts they own and their usage. */
export async function getDashboard(db: Db, principal: Principal): Promise<Dashboard> {
  const scope: MetricsScope = isAdmin(principal) ? { kind: "all" } : { kind: "owner", userId: principal.user.id };
  const [totals, topPrompts, dailyUsage] = await Promise.all([
    findMetricsTotals(db, scope),
    findTopPrompts(db, scope, TOP_PROMPTS),
    findDailyUsage(db, scope),
  ]);
  return { ...totals, topPrompts, dailyUsage };
}
