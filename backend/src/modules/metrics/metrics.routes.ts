import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { toUsageQuery } from "../usage/usage.schemas.js";
import {
  dashboardQuery,
  dashboardResponse,
  promptUsageParams,
  promptUsageQuery,
  promptUsageResponse,
  toDashboardResponse,
  toPromptUsageResponse,
} from "./metrics.schemas.js";
import { getDashboard, getPromptUsage, MAX_RANGE_DAYS } from "./metrics.service.js";

export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/dashboard",
    {
      schema: {
        tags: ["metrics"],
        summary: "Usage dashboard",
        description:
          "Expansions over a time range (default: the last 7 days; whole hours), as a series (hourly up to 48 " +
          "hours, else daily), top prompts, top errors and channels, with the filters of `GET /usage/events`. " +
          "Covers the expansions the caller may read: admins all, team owners their teams' and their own, others " +
          `their own. 422 \`invalid_time_range\` when from is not earlier than to, \`time_range_too_long\` beyond ${MAX_RANGE_DAYS} days. ` +
          "Answered from hourly and daily rollups; with `user_id` or `project_id`, or for a caller who reads only " +
          "their own expansions, from the expansion log.",
        querystring: dashboardQuery,
        response: { 200: dashboardResponse, ...authErrors },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const dashboard = await getDashboard(app.db, requireUser(request.principal), {
        ...toUsageQuery(request.query),
        from,
        to,
      });
      return toDashboardResponse(dashboard);
    },
  );

  app.get(
    "/prompts/:name",
    {
      schema: {
        tags: ["metrics"],
        summary: "A prompt's usage (its page's usage panel)",
        description:
          "The last `days` UTC days (today included) of the prompt's expansions the caller may read (as for the " +
          "dashboard): counts, error rate, latency, a daily series, which versions and labels served, and the " +
          "latest errors. 404 when the caller cannot see the prompt.",
        params: promptUsageParams,
        querystring: promptUsageQuery,
        response: { 200: promptUsageResponse, ...authErrors, 404: errorResponse },
      },
    },
    async (request) =>
      toPromptUsageResponse(
        await getPromptUsage(app.db, requireUser(request.principal), request.params.name, request.query.days),
      ),
  );
};
