import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse, uuidParam } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { moveImpactQuery, moveImpactResponse, toMoveImpactResponse } from "./move-impact.schemas.js";
import { previewTeamMove } from "./move-impact.service.js";
import {
  insertBetweenBody,
  teamCreateBody,
  teamListQuery,
  teamListResponse,
  teamResponse,
  teamUpdateBody,
  toTeamResponse,
} from "./teams.schemas.js";
import {
  addTeam,
  changeTeam,
  insertTeamAbove,
  listTeamPath,
  listTeams,
  readTeam,
  removeTeam,
} from "./teams.service.js";

const tags = ["teams"];

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create a team",
        description:
          "Admins create any team; owners of a team (or of a team above it) create teams under it. Top-level teams are admins' alone.",
        body: teamCreateBody,
        response: { 201: teamResponse, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { name, slug, description, parent_team_id, owner_id } = request.body;
      const team = await addTeam(app.db, requireUser(request.principal), {
        name,
        slug,
        description,
        parentTeamId: parent_team_id,
        ownerId: owner_id,
      });
      return reply.code(201).send(toTeamResponse(team));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List teams",
        description:
          "Top-level teams by default; with `parent_team_id`, that team's direct sub-teams; with `flat=true`, every " +
          "team (`parent_team_id` ignored), or with `depth` only the teams down to that many levels below the top " +
          "(or below `parent_team_id`: a subtree); with `ids`, just those teams. `q` keeps teams whose name or slug " +
          "contains it, `managed=true` those the caller manages. Ordered by name, one page at a time (`page`, " +
          "`page_size` up to 500); `total` counts every match. Each team says how many direct sub-teams it has " +
          "(`child_count`), so a tree can load one level at a time.",
        querystring: teamListQuery,
        response: { 200: teamListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { flat, parent_team_id, depth, q, ids, managed, page, page_size } = request.query;
      const { rows, total } = await listTeams(app.db, requireUser(request.principal), {
        flat,
        parentTeamId: parent_team_id,
        depth,
        q: q || undefined,
        ids,
        managed,
        limit: page_size,
        offset: (page - 1) * page_size,
      });
      return { items: rows.map(toTeamResponse), total };
    },
  );

  app.get(
    "/:team_id",
    {
      schema: {
        tags,
        summary: "Get a team",
        description: "With `child_count`, how many direct sub-teams it has.",
        params: uuidParam("team_id"),
        response: { 200: teamResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => toTeamResponse(await readTeam(app.db, request.params.team_id)),
  );

  app.get(
    "/:team_id/path",
    {
      schema: {
        tags,
        summary: "Get a team with every team above it",
        description:
          "The team's path from the top: its top-level team first and the team itself last, each with " +
          "`child_count`. One request places a team deep in the tree, for a tree that loads one level at a time.",
        params: uuidParam("team_id"),
        response: {
          200: z.object({ items: z.array(teamResponse) }),
          404: errorResponse,
          409: errorResponse,
          ...authErrors,
        },
      },
    },
    async (request) => ({ items: (await listTeamPath(app.db, request.params.team_id)).map(toTeamResponse) }),
  );

  app.get(
    "/:team_id/move-impact",
    {
      schema: {
        tags,
        summary: "Preview what moving a team would change",
        description:
          "How many teams and active members would move, and which inherited policies and objectives they would " +
          "gain and lose, if the team moved under `parent_team_id`. Changes nothing. Asked with the rights the move " +
          "needs; a move that would be refused (into its own subtree, too deep) answers as the move would.",
        params: uuidParam("team_id"),
        querystring: moveImpactQuery,
        response: { 200: moveImpactResponse, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const impact = await previewTeamMove(
        app.db,
        requireUser(request.principal),
        request.params.team_id,
        request.query.parent_team_id ?? null,
      );
      return toMoveImpactResponse(impact);
    },
  );

  app.put(
    "/:team_id",
    {
      schema: {
        tags,
        summary: "Update or move a team",
        description:
          "Admins and owners of the team or a team above it may update it. Moving it (`parent_team_id`) also needs the right to manage both the old and the new parent; top-level moves are admins' alone.",
        params: uuidParam("team_id"),
        body: teamUpdateBody,
        response: { 200: teamResponse, 404: errorResponse, ...authErrors },
      },
    },
    async (request) => {
      const { name, description, owner_id, parent_team_id } = request.body;
      const team = await changeTeam(app.db, requireUser(request.principal), request.params.team_id, {
        name,
        description,
        ownerId: owner_id,
        parentTeamId: parent_team_id,
      });
      return toTeamResponse(team);
    },
  );

  app.post(
    "/insert-between/:child_team_id",
    {
      schema: {
        tags,
        summary: "Insert a new team above an existing one",
        description:
          "The new team takes the child's place under its parent, and the child moves under the new team. Needs the right to manage the child's parent.",
        params: uuidParam("child_team_id"),
        body: insertBetweenBody,
        response: { 201: teamResponse, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { name, slug, description, owner_id } = request.body;
      const team = await insertTeamAbove(app.db, requireUser(request.principal), request.params.child_team_id, {
        name,
        slug,
        description,
        ownerId: owner_id,
      });
      return reply.code(201).send(toTeamResponse(team));
    },
  );

  app.delete(
    "/:team_id",
    {
      schema: {
        tags,
        summary: "Delete an empty team",
        description:
          "Only a team without sub-teams, users or projects; its policies, objectives and pending invitations are deleted with it. Needs the right to manage its parent.",
        params: uuidParam("team_id"),
        response: { 204: z.null(), 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      await removeTeam(app.db, requireUser(request.principal), request.params.team_id);
      return reply.code(204).send(null);
    },
  );
};
