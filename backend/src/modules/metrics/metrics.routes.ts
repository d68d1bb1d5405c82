import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { dashboardResponse, toDashboardResponse } from "./metrics.schemas.js";
import { getDashboard } from "./metrics.service.js";

export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/dashboard",
    {
      schema: {
        tags: ["metrics"],
        summary: "Usage dashboard",
        description:
          "Prompt counts and expansion usage. Admins see the whole registry; other users see the prompts they own and their usage.",
        response: { 200: dashboardResponse, ...authErrors },
      },
    },
    async (request) => toDashboardResponse(await getDashboard(app.db, requireUser(request.principal))),
  );
};
