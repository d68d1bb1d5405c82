import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { invitations } from "../../db/schema.js";
import { requestOrigin } from "../../http/authenticate.js";
import { publicBaseUrl } from "../../http/public-url.js";
import { authErrors, errorResponse, toIso, toIsoOrNull } from "../../http/schemas.js";
import { authResponse } from "../auth/auth.schemas.js";
import { assertPasswordLoginOn } from "../auth/password-login.js";
import { limitAuthAttempts } from "../auth/rate-limit.js";
import { startSession } from "../auth/session-cookie.js";
import type { SessionTokens } from "../auth/session-token.js";
import {
  acceptInvitationBody,
  createInvitationBody,
  invitationIdParams,
  invitationPreviewResponse,
  invitationResponse,
  listInvitationsQuery,
  pendingInvitationConflict,
  tokenParam,
} from "./invitations.schemas.js";
import {
  acceptInvitation,
  invitationStatus,
  invitationTeamIds,
  inviteUser,
  listInvitations,
  previewInvitation,
  regenerateInvitation,
  revokeInvitation,
} from "./invitations.service.js";

/** `link` is given with the token: the page that accepts it, at the address people reach SpecHub at. */
function invitationBody(
  row: typeof invitations.$inferSelect,
  token: string | null,
  baseUrl?: string,
): z.infer<typeof invitationResponse> {
  return {
    id: row.id,
    email: row.email,
    team_id: row.teamId,
    team_ids: invitationTeamIds(row),
    role: row.role,
    token,
    link: token && baseUrl ? `${baseUrl}/invite/${encodeURIComponent(token)}` : null,
    invited_by_id: row.invitedById,
    accepted_at: toIsoOrNull(row.acceptedAt),
    revoked_at: toIsoOrNull(row.revokedAt),
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
        summary: "Invite someone into one or more teams",
        description:
          "Admins may invite into any team; team owners into the teams they manage (each of `team_ids`). " +
          "The token and link are returned only in this response. A pending invitation for the email answers 409 " +
          "`invitation_pending` with its `invitation_id`: regenerate its link instead.",
        body: createInvitationBody,
        response: { 201: invitationResponse, ...authErrors, 404: errorResponse, 409: pendingInvitationConflict },
      },
    },
    async (request, reply) => {
      const { email, team_id, team_ids, role } = request.body;
      const { invitation, token } = await inviteUser(app.db, request.principal, {
        email,
        teamIds: team_ids ?? (team_id ? [team_id] : []),
        role,
        expiryHours: app.config.invitationExpiryHours,
      });
      return reply.code(201).send(invitationBody(invitation, token, publicBaseUrl(request, app.config)));
    },
  );

  app.post(
    "/:invitation_id/regenerate",
    {
      schema: {
        tags: ["invitations"],
        summary: "Give a pending invitation a new link",
        description:
          "Returns a new token and link, valid as long as a new invitation's; the old link stops working at once. " +
          "Only pending invitations: accepted, revoked or expired ones answer 409 saying which. Same rights as revoking.",
        params: invitationIdParams,
        response: { 200: invitationResponse, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const { invitation, token } = await regenerateInvitation(
        app.db,
        request.principal,
        request.params.invitation_id,
        app.config.invitationExpiryHours,
      );
      return invitationBody(invitation, token, publicBaseUrl(request, app.config));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags: ["invitations"],
        summary: "List invitations, newest first",
        description:
          "Admins see all invitations; team owners those whose primary team they manage. Pending ones unless `status` " +
          "says otherwise. Tokens are never listed.",
        querystring: listInvitationsQuery,
        response: { 200: z.array(invitationResponse), ...authErrors },
      },
    },
    async (request) => {
      const { status } = request.query;
      const rows = await listInvitations(app.db, request.principal, status === "all" ? undefined : status);
      return rows.map((row) => invitationBody(row, null));
    },
  );

  app.delete(
    "/:invitation_id",
    {
      schema: {
        tags: ["invitations"],
        summary: "Revoke an invitation",
        description:
          "Its link stops working; the invitation stays listed as `revoked`. An accepted or already revoked " +
          "invitation answers 409.",
        params: invitationIdParams,
        response: { 204: z.null(), ...authErrors, 404: errorResponse, 409: errorResponse },
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
        teams: preview.teams,
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
          "The account joins every team of the invitation, the primary team first. Answers 403 " +
          "`password_login_disabled` when password sign-in is turned off: the invitee signs in with single sign-on instead.",
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
