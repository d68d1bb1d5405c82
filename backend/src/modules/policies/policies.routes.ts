import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { changeRequestResponse, toChangeRequestResponse } from "../change-requests/change-requests.schemas.js";
import { effectiveQuery, ownerListQuery, toOwner } from "../governance/governance.schemas.js";
import { readEffectiveGovernance } from "../governance/governance.service.js";
import {
  effectivePoliciesResponse,
  policyCreateBody,
  policyIdParam,
  policyListResponse,
  policyResponse,
  policyUpdateBody,
  toEffectivePolicyResponse,
  toPolicyResponse,
} from "./policies.schemas.js";
import { addPolicy, changePolicy, getPolicy, listPolicies, removePolicy } from "./policies.service.js";

const tags = ["policies"];

const underReview =
  "When the org settings put the team's governance under review (`governance_review`), nothing changes yet: the " +
  "answer is 202 with the change request opened, which an owner of a team above (or an admin) approves.";

const readRule =
  "Readable by the user themself, members of the team or of a team below it, a project's lead and members, " +
  "owners of the team or a team above it, and admins.";

export const policyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create a policy",
        description:
          "For exactly one team, project or user. A team's policies are written by admins and owners of the team or a team above it; " +
          "a project's also by its lead; a user's by admins and owners of one of the user's teams or a team above it. " +
          underReview,
        body: policyCreateBody,
        response: { 201: policyResponse, 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const change = await addPolicy(app.db, requireUser(request.principal), {
        owner: toOwner(body),
        name: body.name,
        description: body.description,
        enforcementType: body.enforcement_type,
        content: body.content,
        priority: body.priority,
      });
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(201).send(toPolicyResponse(change.value));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List one team's, project's or user's policies",
        description: `Active and inactive, highest priority first. ${readRule}`,
        querystring: ownerListQuery,
        response: { 200: policyListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { team_id, project_id, user_id } = request.query;
      const rows = await listPolicies(app.db, requireUser(request.principal), {
        teamId: team_id,
        projectId: project_id,
        userId: user_id,
      });
      return { items: rows.map((row) => toPolicyResponse(row)), total: rows.length };
    },
  );

  app.get(
    "/effective",
    {
      schema: {
        tags,
        summary: "Active policies that apply to a user or a team",
        description:
          "With `team_id`: the team's own (local) and every ancestor's (inherited). With `user_id`: those of every team " +
          "the user is a member of, their personal ones and, with `project_id`, the project's (local), and every " +
          "ancestor team's of any of their teams (inherited). Each policy appears once, however many of the user's " +
          "teams reach it, with its `source` (kind, the team it is set on, the user's teams it comes through). " +
          `Each list highest priority first, then oldest first. ${readRule}`,
        querystring: effectiveQuery,
        response: { 200: effectivePoliciesResponse, 400: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { user_id, team_id, project_id } = request.query;
      const { policies } = await readEffectiveGovernance(app.db, requireUser(request.principal), {
        userId: user_id,
        teamId: team_id,
        projectId: project_id,
      });
      return {
        inherited: policies.inherited.map(toEffectivePolicyResponse),
        local: policies.local.map(toEffectivePolicyResponse),
      };
    },
  );

  app.get(
    "/:policy_id",
    {
      schema: {
        tags,
        summary: "Get a policy",
        description: readRule,
        params: policyIdParam,
        response: { 200: policyResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) =>
      toPolicyResponse(await getPolicy(app.db, requireUser(request.principal), request.params.policy_id)),
  );

  app.put(
    "/:policy_id",
    {
      schema: {
        tags,
        summary: "Update a policy",
        description: `Absent or null fields stay unchanged; the owner cannot change. Same rights as creating it. ${underReview}`,
        params: policyIdParam,
        body: policyUpdateBody,
        response: { 200: policyResponse, 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const change = await changePolicy(app.db, requireUser(request.principal), request.params.policy_id, {
        name: body.name ?? undefined,
        description: body.description ?? undefined,
        enforcementType: body.enforcement_type ?? undefined,
        content: body.content ?? undefined,
        priority: body.priority ?? undefined,
        isActive: body.is_active ?? undefined,
      });
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(200).send(toPolicyResponse(change.value));
    },
  );

  app.delete(
    "/:policy_id",
    {
      schema: {
        tags,
        summary: "Delete a policy",
        description: `Same rights as creating it. To stop applying a policy but keep it, set \`is_active\` to false. ${underReview}`,
        params: policyIdParam,
        response: { 204: z.null(), 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const change = await removePolicy(app.db, requireUser(request.principal), request.params.policy_id);
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(204).send(null);
    },
  );
};
