import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestOrigin } from "../../http/authenticate.js";
import { authErrors, errorResponse, toIso, toIsoOrNull } from "../../http/schemas.js";
import { authResponse } from "../auth/auth.schemas.js";
import { assertPasswordLoginOn } from "../auth/password-login.js";
import { limitAuthAttempts } from "../auth/rate-limit.js";
import { startSession } from "../auth/session-cookie.js";
import type { SessionTokens } from "../auth/session-token.js";
import type { InvitationRow } from "./invitations.repository.js";
import {
  acceptInvitationBody,
  createInvitationBody,
  invitationIdParams,
  invitationPreviewResponse,
  invitationResponse,
  listInvitationsQuery,
  tokenParam,
} from "./invitations.schemas.js";
import {
  acceptInvitation,
  invitationStatus,
  inviteUser,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations.service.js";

function invitationBody(row: InvitationRow, token: string | null): z.infer<typeof invitationResponse> {
  return {
    id: row.id,
    email: row.email,
    team_id: row.teamId,
    role: row.role,
    token,
    invited_by_id: row.invitedById,
    accepted_at: toIsoOrNull(row.acceptedAt),
    expires_at: toIso(row.expiresAt),
    created_at: toIso(row.createdAt),
    status: invitationStatus(row),
  };
}

/** The invitation an attempt is aimed at, for the per-account attempt limit. */
const tokenOf = (request: FastifyRequest) => (request.params as { token: string }).token;

export const invitationRoutes: FastifyPluginAsyncZod<{ tokens: SessionTokens }> = async (app, { tokens }) => {
  app.post(
    "",
    {
      schema: {
        tags: ["invitations"],
        summary: "Invite someone into a team",
        description:
          "Admins may invite into any team; team owners into the teams they manage. The token is returned only in this response.",
        body: createInvitationBody,
        response: { 201: invitationResponse, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const { email, team_id, role } = request.body;
      const { invitation, token } = await inviteUser(app.db, request.principal, {
        email,
        teamId: team_id,
        role,
        expiryHours: app.config.invitationExpiryHours,
      });
      return reply.code(201).send(invitationBody(invitation, token));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags: ["invitations"],
        summary: "List invitations, newest first",
        description: "Admins see all invitations; team owners those of the teams they manage. Tokens are never listed.",
        querystring: listInvitationsQuery,
        response: { 200: z.array(invitationResponse), ...authErrors },
      },
    },
    async (request) => {
      const rows = await listInvitations(app.db, request.principal, request.query.status);
      return rows.map((row) => invitationBody(row, null));
    },
  );

  app.delete(
    "/:invitation_id",
    {
      schema: {
        tags: ["invitations"],
        summary: "Revoke an invitation",
        params: invitationIdParams,
        response: { 204: z.null(), ...authErrors, 404: errorResponse },
      },
    },
    async (request, reply) => {
      await revokeInvitation(app.db, request.principal, request.params.invitation_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/token/:token",
    {
      config: { auth: "public" },
      preHandler: limitAuthAttempts(app, { accountOf: tokenOf }),
      schema: {
        tags: ["invitations"],
        summary: "What an invitation token offers",
        security: [],
        params: tokenParam,
        response: {
          200: invitationPreviewResponse,
          404: errorResponse,
          410: errorResponse,
          422: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (request) => {
      const preview = await previewInvitation(app.db, request.params.token);
      return {
        email: preview.email,
        team_id: preview.teamId,
        team_name: preview.teamName,
        role: preview.role,
        expires_at: toIso(preview.expiresAt),
      };
    },
  );

  app.post(
    "/:token/accept",
    {
      config: { auth: "public" },
      // Without local passwords the invitee signs in with single sign-on instead, which places
      // them as the invitation says.
      onRequest: async () => assertPasswordLoginOn(app.config),
      preHandler: limitAuthAttempts(app, { accountOf: tokenOf }),
      schema: {
        tags: ["invitations"],
        summary: "Accept an invitation: create the account and sign in",
        security: [],
        params: tokenParam,
        body: acceptInvitationBody,
        description:
          "Answers 403 `password_login_disabled` when password sign-in is turned off: the invitee signs in with single sign-on instead.",
        response: {
          201: authResponse,
          400: errorResponse,
          403: errorResponse,
          409: errorResponse,
          422: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username, password, display_name } = request.body;
      const user = await acceptInvitation(
        app.db,
        request.params.token,
        { username, password, displayName: display_name },
        requestOrigin(request),
      );
      return reply.code(201).send(await startSession(request, reply, tokens, user));
    },
  );
};
