import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors } from "../../http/schemas.js";
import { settingsResponse, settingsUpdateBody, toSettingsResponse } from "./settings.schemas.js";
import { changeOrgSettings, readOrgSettings } from "./settings.service.js";

const tags = ["settings"];

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        summary: "Organization settings (admins)",
        response: { 200: settingsResponse, ...authErrors },
      },
    },
    async (request) => toSettingsResponse(await readOrgSettings(app.db, request.principal)),
  );

  app.patch(
    "",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        summary: "Change organization settings (admins)",
        description:
          "Absent fields stay as they are. Protecting `production` pins every prompt that serves its latest " +
          "version to that version, so protecting changes nothing that is served.",
        body: settingsUpdateBody,
        response: { 200: settingsResponse, ...authErrors },
      },
    },
    async (request) => {
      const body = request.body;
      const settings = await changeOrgSettings(app.db, request.principal, {
        protectedLabels: body.protected_labels,
        governanceReview: body.governance_review,
        governanceReviewTeamIds: body.governance_review_team_ids,
        auditRetentionDays: body.audit_retention_days,
        usageSampling: body.usage_sampling,
        usageRetentionDays: body.usage_retention_days,
        workflowRunRetentionDays: body.workflow_run_retention_days,
        mcpAnonymousAccess: body.mcp_anonymous_access,
        webhooksAllowPrivate: body.webhooks_allow_private,
      });
      return toSettingsResponse(settings);
    },
  );
};
