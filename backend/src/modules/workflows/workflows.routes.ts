import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestOrigin } from "../../http/authenticate.js";
import { authErrors, errorResponse, uuidParam } from "../../http/schemas.js";
import { granteeOf, shareBody, shareResponse, teamShareIdParam, toShareResponse } from "../shares/shares.schemas.js";
import { workflowRunRoutes } from "./workflow-runs.routes.js";
import { runAndRecordWorkflow } from "./workflow-runs.service.js";
import {
  toWorkflowResponse,
  workflowCreateBody,
  workflowListQuery,
  workflowResponse,
  workflowRunBody,
  workflowRunResponse,
  workflowUpdateBody,
} from "./workflows.schemas.js";
import {
  changeWorkflow,
  createOwnWorkflow,
  getVisibleWorkflow,
  listWorkflowShares,
  listWorkflows,
  removeWorkflow,
  shareWorkflow,
  unshareWorkflow,
} from "./workflows.service.js";

const tags = ["workflows"];
const idParams = uuidParam("workflow_id");
const shareParams = idParams.extend({ user_id: z.uuid({ error: "user_id must be a UUID" }) });
const errors = { ...authErrors, 404: errorResponse };

export const workflowRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(workflowRunRoutes);

  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create a workflow",
        description:
          "Steps are checked when saved: duplicate ids, unknown dependencies, cycles, prompts you cannot see and the " +
          "reserved ids `input`, `policies`, `objectives` and `governance` are refused.",
        body: workflowCreateBody,
        response: { 201: workflowResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { name, description, project_id, visibility, steps } = request.body;
      const workflow = await createOwnWorkflow(app.db, request.principal, {
        name,
        description,
        projectId: project_id,
        visibility,
        steps,
      });
      return reply.code(201).send(toWorkflowResponse(workflow));
    },
  );

  app.get(
    "",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "List the workflows you can see",
        description: "Newest update first. Anonymous callers see public workflows only.",
        querystring: workflowListQuery,
        response: { 200: z.array(workflowResponse), ...errors },
      },
    },
    async (request) => {
      const rows = await listWorkflows(app.db, request.principal, {
        userId: request.query.user_id,
        projectId: request.query.project_id,
      });
      return rows.map(toWorkflowResponse);
    },
  );

  app.get(
    "/:workflow_id",
    {
      config: { auth: "public" },
      schema: { tags, summary: "Get a workflow", params: idParams, response: { 200: workflowResponse, ...errors } },
    },
    async (request) =>
      toWorkflowResponse(await getVisibleWorkflow(app.db, request.principal, request.params.workflow_id)),
  );

  app.put(
    "/:workflow_id",
    {
      schema: {
        tags,
        summary: "Update a workflow (owner or admin)",
        params: idParams,
        body: workflowUpdateBody,
        response: { 200: workflowResponse, ...errors },
      },
    },
    async (request) => {
      const { name, description, visibility, steps } = request.body;
      const workflow = await changeWorkflow(app.db, request.principal, request.params.workflow_id, {
        name,
        description,
        visibility,
        steps,
      });
      return toWorkflowResponse(workflow);
    },
  );

  app.delete(
    "/:workflow_id",
    {
      schema: {
        tags,
        summary: "Delete a workflow (owner or admin)",
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeWorkflow(app.db, request.principal, request.params.workflow_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/:workflow_id/run",
    {
      // Runs change nothing (usage is recorded, no event): see `readOnly`.
      config: { auth: "public", scope: "expand", readOnly: true },
      preHandler: app.callerLimits.workflowRun,
      schema: {
        tags,
        summary: "Run a workflow",
        description:
          "Steps run in dependency order under the caller's governance. Each step receives the run input (with its " +
          "prompt's schema defaults), each dependency's result under its step id, and `input` = the previous step's " +
          "result. The result handed on is the step's rendered user template, without the governance wrapped around " +
          "it: each step's own messages carry the policies, so they appear once per step. A failing step stops the " +
          "run and is reported in the result; the HTTP status stays 200. All steps share one render time budget: a step " +
          "that finds it used up fails the run. Every run is kept in the workflow's run history (`run_id`). 429 (with Retry-After) when the caller has used up its workflow runs for the minute.",
        params: idParams,
        body: workflowRunBody,
        response: { 200: workflowRunResponse, ...errors, 429: errorResponse },
      },
    },
    async (request) => {
      const workflow = await getVisibleWorkflow(app.db, request.principal, request.params.workflow_id);
      const run = await runAndRecordWorkflow(
        app.db,
        request.principal,
        workflow,
        { input: request.body.input, projectId: request.body.project_id, label: request.body.label },
        {
          // Anonymous callers carry no origin: the request still says which door it came through.
          channel: (request.principal?.origin ?? requestOrigin(request)).channel,
          log: request.log,
          usage: app.usage,
        },
      );
      return {
        run_id: run.runId,
        workflow_id: run.workflowId,
        workflow_name: run.workflowName,
        steps: run.steps.map((step) => ({
          step_id: step.stepId,
          prompt_name: step.promptName,
          prompt_version: step.promptVersion,
          system_message: step.systemMessage,
          user_message: step.userMessage,
          status: step.status,
          error: step.error,
          duration_ms: step.durationMs,
        })),
        outputs: run.outputs,
      };
    },
  );

  app.post(
    "/:workflow_id/shares",
    {
      schema: {
        tags,
        summary: "Share a workflow with a user or a team (owner or admin)",
        description:
          "Send `user_id`, or `team_id` (with `include_subteams` to reach the teams below it too), not both. " +
          "Idempotent: sharing again answers the existing share (with a team, it takes the new `include_subteams`).",
        params: idParams,
        body: shareBody,
        response: { 201: shareResponse, ...errors },
      },
    },
    async (request, reply) => {
      const share = await shareWorkflow(app.db, request.principal, request.params.workflow_id, granteeOf(request.body));
      return reply.code(201).send(toShareResponse(share));
    },
  );

  app.get(
    "/:workflow_id/shares",
    {
      schema: {
        tags,
        summary: "List who a workflow is shared with: users and teams (owner or admin)",
        params: idParams,
        response: { 200: z.array(shareResponse), ...errors },
      },
    },
    async (request) => {
      const shares = await listWorkflowShares(app.db, request.principal, request.params.workflow_id);
      return shares.map(toShareResponse);
    },
  );

  app.delete(
    "/:workflow_id/shares/:user_id",
    {
      schema: {
        tags,
        summary: "Withdraw a share with a user (owner or admin)",
        params: shareParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { workflow_id, user_id } = request.params;
      await unshareWorkflow(app.db, request.principal, workflow_id, { kind: "user", userId: user_id });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/:workflow_id/shares/teams/:team_id",
    {
      schema: {
        tags,
        summary: "Withdraw a share with a team (owner or admin)",
        params: idParams.extend(teamShareIdParam),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { workflow_id, team_id } = request.params;
      const grantee = { kind: "team", teamId: team_id, includeSubteams: false } as const;
      await unshareWorkflow(app.db, request.principal, workflow_id, grantee);
      return reply.code(204).send(null);
    },
  );
};
