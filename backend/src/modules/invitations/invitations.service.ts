import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { Role } from "../../db/schema.js";
import {
  badRequest,
  conflict,
  forbidden,
  gone,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
} from "../../http/errors.js";
import { toIso, toIsoOrNull } from "../../http/schemas.js";
import type { AuthUser, Principal, RequestOrigin } from "../../http/types.js";
import { hashPassword, randomToken, sha256Hex } from "../../lib/crypto.js";
import { assertCanManageTeam, isAdmin, requireUser } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { signedInPrincipal } from "../auth/principal.js";
import { listManagedTeamIds } from "../teams/teams.service.js";
import { insertAccount, isEmailTaken } from "../users/users.service.js";
import {
  createInvitation,
  deleteInvitation,
  findInvitationById,
  findInvitations,
  findInvitationWithTeamByTokenHash,
  findPendingInvitationByEmail,
  type InvitationRow,
  type InvitationStatus,
  lockInvitationEmail,
  markInvitationAccepted,
  markInvitationAcceptedForEmail,
} from "./invitations.repository.js";

const invitationTarget = (row: InvitationRow) => ({ type: "invitation", id: row.id, name: row.email });
// As the API shows an invitation, without its token (which only the creation response carries).
const invitationFields = (row: InvitationRow) => ({
  email: row.email,
  team_id: row.teamId,
  role: row.role,
  invited_by_id: row.invitedById,
  expires_at: toIso(row.expiresAt),
  status: invitationStatus(row),
});

/** 48 random bytes: 64 URL-safe characters, far beyond guessing even without the rate limit. */
const TOKEN_BYTES = 48;

export function invitationStatus(row: InvitationRow, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  return row.expiresAt.getTime() > now.getTime() ? "pending" : "expired";
}

export type InviteInput = { email: string; teamId: string; role: Role; expiryHours: number };

/** Invites someone into a team the caller manages; the raw token is returned here and never again. */
export async function inviteUser(
  db: Db,
  principal: Principal | null,
  input: InviteInput,
): Promise<{ invitation: InvitationRow; token: string }> {
  const caller = requireUser(principal);
  await assertCanManageTeam(db, caller, input.teamId, "invite people into this team");
  if (input.role === "admin" && !isAdmin(caller)) throw forbidden("Only admins may invite an admin");

  const token = randomToken(TOKEN_BYTES);
  try {
    const invitation = await db.transaction(async (tx) => {
      await lockInvitationEmail(tx, input.email);
      if (await findPendingInvitationByEmail(tx, input.email)) {
        throw conflict(`Pending invitation already exists for ${input.email}`, "invitation_pending");
      }
      if (await isEmailTaken(tx, input.email)) {
        throw conflict(`User with email ${input.email} already exists`, "email_taken");
      }
      const invitation = await createInvitation(tx, {
        email: input.email,
        teamId: input.teamId,
        role: input.role,
        tokenHash: sha256Hex(token),
        invitedById: caller.user.id,
        expiresAt: new Date(Date.now() + input.expiryHours * 3600 * 1000),
      });
      await recordAudit(tx, caller, {
        action: "invitation.created",
        target: invitationTarget(invitation),
        teamId: invitation.teamId,
        after: invitationFields(invitation),
      });
      return invitation;
    });
    return { invitation, token };
  } catch (error) {
    // The team was deleted between the check and the insert.
    if (isForeignKeyViolation(error)) throw notFound("Team not found", "team_not_found");
    throw error;
  }
}

/** Admins see every invitation; team owners those of the teams they manage; anyone else is refused. */
export async function listInvitations(
  db: Db,
  principal: Principal | null,
  status: InvitationStatus | undefined,
): Promise<InvitationRow[]> {
  const caller = requireUser(principal);
  if (isAdmin(caller)) return findInvitations(db, { status });
  const teamIds = await listManagedTeamIds(db, caller.user.id);
  if (teamIds.length === 0) {
    throw forbidden("Only admins and team owners may list invitations");
  }
  return findInvitations(db, { teamIds, status });
}

/** Deletes an invitation (pending or not), so its token stops working. */
export async function revokeInvitation(db: Db, principal: Principal | null, invitationId: string): Promise<void> {
  const caller = requireUser(principal);
  const invitation = await findInvitationById(db, invitationId);
  if (!invitation) throw notFound("Invitation not found", "invitation_not_found");
  await assertCanManageTeam(db, caller, invitation.teamId, "revoke invitations into this team");
  await db.transaction(async (tx) => {
    if (!(await deleteInvitation(tx, invitationId))) throw notFound("Invitation not found", "invitation_not_found");
    await recordAudit(tx, caller, {
      action: "invitation.revoked",
      target: invitationTarget(invitation),
      teamId: invitation.teamId,
      before: invitationFields(invitation),
    });
  });
}

export type InvitationPreview = { email: string; teamId: string; teamName: string; role: Role; expiresAt: Date };

/** What an invitation link offers, for the sign-up page; says why when the link no longer works. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const found = await findInvitationWithTeamByTokenHash(db, sha256Hex(token));
  if (!found) throw notFound("Invitation not found", "invitation_not_found");
  const { invitation, teamName } = found;
  const status = invitationStatus(invitation);
  if (status === "accepted") throw gone("Invitation already accepted", "invitation_accepted");
  if (status === "expired") throw gone("Invitation expired", "invitation_expired");
  return {
    email: invitation.email,
    teamId: invitation.teamId,
    teamName,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
  };
}

export type AcceptInput = { username: string; password: string; displayName?: string | null };

/** Creates the invited user and uses up the invitation, both or neither; the new user is the actor. */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: AcceptInput,
  origin?: RequestOrigin,
): Promise<AuthUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const member = await db.transaction(async (tx) => {
      const invitation = await markInvitationAccepted(tx, sha256Hex(token));
      if (!invitation) throw badRequest("Invalid, expired, or already-used invitation", "invalid_invitation");
      const user = await insertAccount(
        tx,
        {
          teamId: invitation.teamId,
          username: input.username,
          email: invitation.email,
          displayName: input.displayName || input.username,
          passwordHash,
          role: invitation.role,
        },
        (created) => signedInPrincipal(created, origin),
      );
      const newcomer = signedInPrincipal(user, origin);
      await recordInvitationAccepted(tx, newcomer, invitation);
      return newcomer.user;
    });
    markChanged(db, "users");
    return member;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Username or email already taken", "identity_taken");
    throw error;
  }
}

/** Records that `newcomer`, the account just created for it, used up the invitation. */
export async function recordInvitationAccepted(tx: Db, newcomer: Principal, invitation: InvitationRow): Promise<void> {
  await recordAudit(tx, newcomer, {
    action: "invitation.accepted",
    target: invitationTarget(invitation),
    teamId: invitation.teamId,
    before: { status: "pending", accepted_at: null },
    after: { status: "accepted", accepted_at: toIsoOrNull(invitation.acceptedAt), user_id: newcomer.user.id },
  });
}

/**
 * Uses up the pending invitation for this email, if any, for an account that single sign-on is
 * about to create: its team and role are where the newcomer starts. Call `recordInvitationAccepted`
 * once the account exists, in the same transaction.
 */
export async function takePendingInvitation(tx: Db, email: string): Promise<InvitationRow | null> {
  return markInvitationAcceptedForEmail(tx, email);
}
