import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors, errorResponse, uuidParam } from "../../http/schemas.js";
import {
  toWorkflowRunDetail,
  toWorkflowRunSummary,
  workflowRunDetailResponse,
  workflowRunListQuery,
  workflowRunListResponse,
  workflowRunParams,
} from "./workflow-runs.schemas.js";
import { getWorkflowRun, listWorkflowRuns } from "./workflow-runs.service.js";

const tags = ["workflows"];
const errors = { ...authErrors, 404: errorResponse };
const readers = "The workflow's owner and admins read every run; anyone else who can see the workflow, their own runs.";

/** The run history of a workflow (registered under `/workflows`). */
export const workflowRunRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:workflow_id/runs",
    {
      schema: {
        tags,
        summary: "List a workflow's runs",
        description: `Newest first, without inputs and step results; pages follow \`next_cursor\`. ${readers} Runs older than \`workflow_run_retention_days\` (settings) are pruned.`,
        params: uuidParam("workflow_id"),
        querystring: workflowRunListQuery,
        response: { 200: workflowRunListResponse, ...errors },
      },
    },
    async (request) => {
      const { status, cursor, limit } = request.query;
      const page = await listWorkflowRuns(app.db, request.principal, request.params.workflow_id, {
        status,
        cursor,
        limit,
      });
      return { items: page.items.map(toWorkflowRunSummary), next_cursor: page.nextCursor };
    },
  );

  app.get(
    "/:workflow_id/runs/:run_id",
    {
      schema: {
        tags,
        summary: "Get one run with its input and each step's result",
        description: `${readers} Others get 404.`,
        params: workflowRunParams,
        response: { 200: workflowRunDetailResponse, ...errors },
      },
    },
    async (request) =>
      toWorkflowRunDetail(
        await getWorkflowRun(app.db, request.principal, request.params.workflow_id, request.params.run_id),
      ),
  );
};
