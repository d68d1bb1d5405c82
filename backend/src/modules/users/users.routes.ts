import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { toAuthUser } from "../auth/principal.js";
import { limitAuthAttempts } from "../auth/rate-limit.js";
import { renewOwnBrowserSession } from "../auth/session-cookie.js";
import type { SessionTokens } from "../auth/session-token.js";
import { moveImpactResponse, teamImpactQuery, toMoveImpactResponse } from "../teams/move-impact.schemas.js";
import { previewUserTeamChange } from "./team-impact.service.js";
import {
  createUserBody,
  listUsersQuery,
  toUserResponse,
  updateUserBody,
  userIdParams,
  userListResponse,
  userResponse,
} from "./users.schemas.js";
import {
  createUserAccount,
  deactivateUser,
  getUser,
  listUsers,
  updateUserAccount,
  withTeams,
  withTeamsAll,
} from "./users.service.js";

export const userRoutes: FastifyPluginAsyncZod<{ tokens: SessionTokens }> = async (app, { tokens }) => {
  app.post(
    "",
    {
      config: { auth: "admin" },
      schema: {
        tags: ["users"],
        summary: "Create a user (admins only)",
        body: createUserBody,
        response: { 201: userResponse, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const { username, display_name, email, team_id, role, password } = request.body;
      const user = await createUserAccount(app.db, request.principal, {
        username,
        displayName: display_name,
        email,
        teamId: team_id,
        role,
        password,
      });
      return reply.code(201).send(toUserResponse(await withTeams(app.db, user)));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags: ["users"],
        summary: "List and search users",
        querystring: listUsersQuery,
        response: { 200: userListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { team_id, q, is_active, page, page_size } = request.query;
      const { rows, total } = await listUsers(app.db, { teamId: team_id, q, isActive: is_active }, page, page_size);
      return { items: (await withTeamsAll(app.db, rows)).map(toUserResponse), total };
    },
  );

  app.get(
    "/:user_id",
    {
      schema: {
        tags: ["users"],
        summary: "Get a user",
        params: userIdParams,
        response: { 200: userResponse, ...authErrors, 404: errorResponse },
      },
    },
    async (request) => toUserResponse(await withTeams(app.db, await getUser(app.db, request.params.user_id))),
  );

  app.get(
    "/:user_id/team-impact",
    {
      schema: {
        tags: ["users"],
        summary: "Preview what moving a user to another team would change (admins only)",
        description:
          "Which policies and objectives inherited through the team tree the user would gain and lose in `team_id`. " +
          "Changes nothing. Their own policies and objectives, and those of teams above both places, stay.",
        params: userIdParams,
        querystring: teamImpactQuery,
        response: { 200: moveImpactResponse, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const impact = await previewUserTeamChange(
        app.db,
        requireUser(request.principal),
        request.params.user_id,
        request.query.team_id,
      );
      return toMoveImpactResponse(impact);
    },
  );

  app.put(
    "/:user_id",
    {
      // Guessing a password through a stolen session must be as slow as guessing it at login.
      preHandler: limitAuthAttempts(app, {
        accountOf: (request) => (request.params as { user_id: string }).user_id,
        counts: (request) => (request.body as { current_password?: unknown }).current_password !== undefined,
      }),
      schema: {
        tags: ["users"],
        summary: "Update a user",
        description:
          "Users edit their own display name, email and password (with `current_password`); admins also change " +
          "role, teams (`team_ids`, primary first; or only the primary with `team_id`) and active flag, and set passwords. " +
          "Changing teams records `user.team_changed` with the team ids before and after. The last active admin cannot be demoted or deactivated. " +
          "A new password or a deactivation ends every session of the user; a browser changing its own " +
          "password gets a fresh session cookie.",
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userResponse, ...authErrors, 404: errorResponse, 409: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { user, sessionsEnded } = await updateUserAccount(
        app.db,
        request.principal,
        request.params.user_id,
        request.body,
      );
      if (sessionsEnded) await renewOwnBrowserSession(request, reply, tokens, toAuthUser(user));
      return toUserResponse(user);
    },
  );

  app.delete(
    "/:user_id",
    {
      config: { auth: "admin" },
      schema: {
        tags: ["users"],
        summary: "Deactivate a user and revoke their API keys (admins only)",
        description: "Nothing is erased: the user's prompts and history keep their owner.",
        params: userIdParams,
        response: { 204: z.null(), ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      await deactivateUser(app.db, request.principal, request.params.user_id);
      return reply.code(204).send(null);
    },
  );
};
