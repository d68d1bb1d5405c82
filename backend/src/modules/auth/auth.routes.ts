import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestOrigin } from "../../http/authenticate.js";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { getUserTeamIds } from "../users/user-lookup.service.js";
import { authResponse, loginBody, meResponse, registerBody, statusResponse } from "./auth.schemas.js";
import { authenticatePassword, hasOrganization, registerFirstAdmin, signOut } from "./auth.service.js";
import { assertPasswordLoginOn } from "./password-login.js";
import { limitAuthAttempts } from "./rate-limit.js";
import { authUserBody, endSession, startSession } from "./session-cookie.js";
import type { SessionTokens } from "./session-token.js";

export const authRoutes: FastifyPluginAsyncZod<{ tokens: SessionTokens }> = async (app, { tokens }) => {
  app.get(
    "/status",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        summary: "Whether an organization exists yet",
        security: [],
        response: { 200: statusResponse },
      },
    },
    async () => ({ has_org: await hasOrganization(app.db) }),
  );

  app.post(
    "/register",
    {
      config: { auth: "public" },
      preHandler: limitAuthAttempts(app, {
        accountOf: (request) => String((request.body as { email?: unknown }).email).toLowerCase(),
      }),
      schema: {
        tags: ["auth"],
        summary: "Register the first admin and the organization's root team",
        description: "Only while no user exists; everyone else joins through an invitation.",
        security: [],
        body: registerBody,
        response: { 201: authResponse, 409: errorResponse, 422: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const { org_name, org_slug, email, username, password, display_name } = request.body;
      const user = await registerFirstAdmin(
        app.db,
        {
          orgName: org_name,
          orgSlug: org_slug,
          email,
          username,
          password,
          displayName: display_name,
        },
        requestOrigin(request),
      );
      return reply.code(201).send(await startSession(request, reply, tokens, user));
    },
  );

  app.post(
    "/login",
    {
      config: { auth: "public" },
      onRequest: async () => assertPasswordLoginOn(app.config),
      preHandler: limitAuthAttempts(app, {
        // As login reads it: an email in any case or a username, around any spaces.
        accountOf: (request) => {
          const body = request.body as { email?: unknown; username?: unknown };
          return String(body.email ?? body.username ?? "")
            .trim()
            .toLowerCase();
        },
      }),
      schema: {
        tags: ["auth"],
        summary: "Sign in with email or username and password",
        security: [],
        body: loginBody,
        description: "Answers 403 `password_login_disabled` when password sign-in is turned off (PASSWORD_LOGIN=off).",
        response: { 200: authResponse, 401: errorResponse, 403: errorResponse, 422: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const login = request.body.email ?? request.body.username ?? "";
      const user = await authenticatePassword(app.db, login, request.body.password, requestOrigin(request));
      return startSession(request, reply, tokens, user);
    },
  );

  app.get(
    "/me",
    { schema: { tags: ["auth"], summary: "The signed-in caller", response: { 200: meResponse, ...authErrors } } },
    async (request) => {
      const { user } = requireUser(request.principal);
      const teamIds = await getUserTeamIds(app.db, user.id);
      return {
        ...authUserBody(user),
        is_active: user.isActive,
        team_ids: teamIds.length > 0 ? teamIds : [user.teamId],
      };
    },
  );

  app.post(
    "/logout",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign out: end every session of the caller and clear the session cookie",
        description:
          "Every token and cookie of the caller issued so far stops working, on every replica. " +
          "Without a session (anonymous, an API key, the operator token) nothing changes but the cookie.",
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await signOut(app.db, request.principal);
      endSession(request, reply);
      return reply.code(204).send(null);
    },
  );
};
