import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse, uuidParam } from "../../http/schemas.js";
import { shareBody, shareResponse, toShareResponse } from "../shares/shares.schemas.js";
import { runWorkflow } from "./workflow-run.js";
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
          "that finds it used up fails the run. 429 (with Retry-After) when the caller has used up its workflow runs for the minute.",
        params: idParams,
        body: workflowRunBody,
        response: { 200: workflowRunResponse, ...errors, 429: errorResponse },
      },
    },
    async (request) => {
      const workflow = await getVisibleWorkflow(app.db, request.principal, request.params.workflow_id);
      const run = await runWorkflow(
        app.db,
        request.principal,
        workflow,
        { input: request.body.input, projectId: request.body.project_id, label: request.body.label },
        app.usage,
      );
      return {
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
        summary: "Share a workflow with a user (owner or admin)",
        description: "Idempotent: sharing again answers the existing share.",
        params: idParams,
        body: shareBody,
        response: { 201: shareResponse, ...errors },
      },
    },
    async (request, reply) => {
      const share = await shareWorkflow(app.db, request.principal, request.params.workflow_id, request.body.user_id);
      return reply.code(201).send(toShareResponse(share));
    },
  );

  app.get(
    "/:workflow_id/shares",
    {
      schema: {
        tags,
        summary: "List who a workflow is shared with (owner or admin)",
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
        summary: "Withdraw a share (owner or admin)",
        params: shareParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await unshareWorkflow(app.db, request.principal, request.params.workflow_id, request.params.user_id);
      return reply.code(204).send(null);
    },
  );
};
