import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { changeRequestResponse, toChangeRequestResponse } from "../change-requests/change-requests.schemas.js";
import { effectiveQuery, ownerListQuery, toOwner } from "../governance/governance.schemas.js";
import { readEffectiveGovernance } from "../governance/governance.service.js";
import {
  effectiveObjectivesResponse,
  objectiveCreateBody,
  objectiveIdParam,
  objectiveListResponse,
  objectiveResponse,
  objectiveUpdateBody,
  toEffectiveObjectiveResponse,
  toObjectiveResponse,
} from "./objectives.schemas.js";
import { addObjective, changeObjective, getObjective, listObjectives, removeObjective } from "./objectives.service.js";

const tags = ["objectives"];

const underReview =
  "When the org settings put the team's governance under review (`governance_review`), nothing changes yet: the " +
  "answer is 202 with the change request opened, which an owner of a team above (or an admin) approves.";

const readRule =
  "Readable by the user themself, members of the team or of a team below it, a project's lead and members, " +
  "owners of the team or a team above it, and admins.";

export const objectiveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create an objective",
        description:
          "For exactly one team, project or user. A team's objectives are set by admins and owners of the team or a team above it; " +
          "a project's also by its lead; a user's by the user, admins and owners of one of the user's teams or a team above it. " +
          underReview,
        body: objectiveCreateBody,
        response: { 201: objectiveResponse, 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const change = await addObjective(app.db, requireUser(request.principal), {
        owner: toOwner(body),
        title: body.title,
        description: body.description,
        parentObjectiveId: body.parent_objective_id,
        status: body.status,
      });
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(201).send(toObjectiveResponse(change.value));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List one team's, project's or user's objectives",
        description: `Every status, oldest first. ${readRule}`,
        querystring: ownerListQuery,
        response: { 200: objectiveListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { team_id, project_id, user_id } = request.query;
      const rows = await listObjectives(app.db, requireUser(request.principal), {
        teamId: team_id,
        projectId: project_id,
        userId: user_id,
      });
      return { items: rows.map((row) => toObjectiveResponse(row)), total: rows.length };
    },
  );

  app.get(
    "/effective",
    {
      schema: {
        tags,
        summary: "Active objectives that apply to a user or a team",
        description:
          "With `team_id`: the team's own (local) and every ancestor's (inherited). With `user_id`: the user's team's, then " +
          "their personal ones, then (with `project_id`) the project's (local), and every ancestor team's (inherited), nearest " +
          `team first. Oldest first within each source. ${readRule}`,
        querystring: effectiveQuery,
        response: { 200: effectiveObjectivesResponse, 400: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { user_id, team_id, project_id } = request.query;
      const { objectives } = await readEffectiveGovernance(app.db, requireUser(request.principal), {
        userId: user_id,
        teamId: team_id,
        projectId: project_id,
      });
      return {
        inherited: objectives.inherited.map(toEffectiveObjectiveResponse),
        local: objectives.local.map(toEffectiveObjectiveResponse),
      };
    },
  );

  app.get(
    "/:objective_id",
    {
      schema: {
        tags,
        summary: "Get an objective",
        description: readRule,
        params: objectiveIdParam,
        response: { 200: objectiveResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) =>
      toObjectiveResponse(await getObjective(app.db, requireUser(request.principal), request.params.objective_id)),
  );

  app.put(
    "/:objective_id",
    {
      schema: {
        tags,
        summary: "Update an objective",
        description:
          "Absent or null fields stay unchanged; any status other than `active` takes it out of effect. Same rights as " +
          `creating it. ${underReview}`,
        params: objectiveIdParam,
        body: objectiveUpdateBody,
        response: { 200: objectiveResponse, 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { title, description, status } = request.body;
      const change = await changeObjective(app.db, requireUser(request.principal), request.params.objective_id, {
        title: title ?? undefined,
        description: description ?? undefined,
        status: status ?? undefined,
      });
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(200).send(toObjectiveResponse(change.value));
    },
  );

  app.delete(
    "/:objective_id",
    {
      schema: {
        tags,
        summary: "Delete an objective",
        description: `Same rights as creating it. Objectives that named it as parent keep existing without one. ${underReview}`,
        params: objectiveIdParam,
        response: { 204: z.null(), 202: changeRequestResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const change = await removeObjective(app.db, requireUser(request.principal), request.params.objective_id);
      if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
      return reply.code(204).send(null);
    },
  );
};
