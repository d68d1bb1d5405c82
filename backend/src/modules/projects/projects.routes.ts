import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { objectiveContentBody, objectiveResponse, toObjectiveResponse } from "../objectives/objectives.schemas.js";
import { addProjectObjective, listActiveProjectObjectives } from "../objectives/objectives.service.js";
import {
  projectCreateBody,
  projectIdParam,
  projectListQuery,
  projectListResponse,
  projectMemberBody,
  projectMemberParams,
  projectMemberResponse,
  projectResponse,
  projectUpdateBody,
  toProjectMemberResponse,
  toProjectResponse,
} from "./projects.schemas.js";
import {
  addProject,
  addProjectMember,
  changeProject,
  getProject,
  listProjectMembers,
  listProjects,
  removeProject,
  removeProjectMember,
} from "./projects.service.js";

const tags = ["projects"];
const managers = "Admins, the project's lead and owners of its team or a team above it";

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create a project",
        description: "Admins and owners of the team or a team above it create projects in it.",
        body: projectCreateBody,
        response: { 201: projectResponse, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { team_id, lead_user_id, name, slug, description } = request.body;
      const project = await addProject(app.db, requireUser(request.principal), {
        teamId: team_id,
        leadUserId: lead_user_id,
        name,
        slug,
        description,
      });
      return reply.code(201).send(toProjectResponse(project));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List projects",
        description: "Every project, or one team's, ordered by name.",
        querystring: projectListQuery,
        response: { 200: projectListResponse, ...authErrors },
      },
    },
    async (request) => {
      const rows = await listProjects(app.db, { teamId: request.query.team_id });
      return { items: rows.map(toProjectResponse), total: rows.length };
    },
  );

  app.get(
    "/:project_id",
    {
      schema: {
        tags,
        summary: "Get a project",
        params: projectIdParam,
        response: { 200: projectResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => toProjectResponse(await getProject(app.db, request.params.project_id)),
  );

  app.put(
    "/:project_id",
    {
      schema: {
        tags,
        summary: "Update a project",
        description: `${managers} may update it.`,
        params: projectIdParam,
        body: projectUpdateBody,
        response: { 200: projectResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { name, description, lead_user_id } = request.body;
      const project = await changeProject(app.db, requireUser(request.principal), request.params.project_id, {
        name,
        description,
        leadUserId: lead_user_id,
      });
      return toProjectResponse(project);
    },
  );

  app.delete(
    "/:project_id",
    {
      schema: {
        tags,
        summary: "Delete a project",
        description: `${managers} may delete it. Its members, policies and objectives go with it; its workflows stay, without a project.`,
        params: projectIdParam,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      await removeProject(app.db, requireUser(request.principal), request.params.project_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/:project_id/members",
    {
      schema: {
        tags,
        summary: "Add a project member",
        description: `${managers} add members, from any team.`,
        params: projectIdParam,
        body: projectMemberBody,
        response: { 201: projectMemberResponse, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const member = await addProjectMember(app.db, requireUser(request.principal), request.params.project_id, {
        userId: request.body.user_id,
        role: request.body.role,
      });
      return reply.code(201).send(toProjectMemberResponse(member));
    },
  );

  app.get(
    "/:project_id/members",
    {
      schema: {
        tags,
        summary: "List a project's members",
        description: "Earliest first.",
        params: projectIdParam,
        response: { 200: z.array(projectMemberResponse), 404: errorResponse, ...authErrors },
      },
    },
    async (request) => (await listProjectMembers(app.db, request.params.project_id)).map(toProjectMemberResponse),
  );

  app.delete(
    "/:project_id/members/:user_id",
    {
      schema: {
        tags,
        summary: "Remove a project member",
        description: `${managers} remove members.`,
        params: projectMemberParams,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { project_id, user_id } = request.params;
      await removeProjectMember(app.db, requireUser(request.principal), project_id, user_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/:project_id/objectives",
    {
      schema: {
        tags,
        summary: "List a project's active objectives",
        description:
          "Oldest first. Readable by the project's lead and members, members of its team or a team below it, owners of its team or a team above it, and admins.",
        params: projectIdParam,
        response: { 200: z.array(objectiveResponse), 404: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const rows = await listActiveProjectObjectives(app.db, requireUser(request.principal), request.params.project_id);
      return rows.map((row) => toObjectiveResponse(row));
    },
  );

  app.post(
    "/:project_id/objectives",
    {
      schema: {
        tags,
        summary: "Create an objective for a project",
        description: `${managers} set its objectives. The objective belongs to the project in the path.`,
        params: projectIdParam,
        body: objectiveContentBody,
        response: { 201: objectiveResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { title, description, parent_objective_id, status } = request.body;
      const objective = await addProjectObjective(app.db, requireUser(request.principal), request.params.project_id, {
        title,
        description,
        parentObjectiveId: parent_objective_id,
        status,
      });
      return reply.code(201).send(toObjectiveResponse(objective));
    },
  );
};
