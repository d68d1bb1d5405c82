import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { Role } from "../../db/schema.js";
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  gone,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
  unprocessable,
} from "../../http/errors.js";
import { toIso, toIsoOrNull } from "../../http/schemas.js";
import type { AuthUser, Principal, RequestOrigin } from "../../http/types.js";
import { hashPassword, randomToken, sha256Hex } from "../../lib/crypto.js";
import { assertCanManageTeam, isAdmin, requireUser } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { signedInPrincipal } from "../auth/principal.js";
import { listManagedTeamIds } from "../teams/team-lookup.service.js";
import { insertAccount, isEmailTaken, setTeamsOfUser } from "../users/users.service.js";
import {
  createInvitation,
  findInvitationById,
  findInvitations,
  findInvitationWithTeamByTokenHash,
  findPendingInvitationByEmail,
  findTeamNames,
  type InvitationRow,
  type InvitationStatus,
  lockInvitationEmail,
  markInvitationAccepted,
  markInvitationAcceptedForEmail,
  markInvitationRevoked,
  replaceInvitationToken,
} from "./invitations.repository.js";

const invitationTarget = (row: InvitationRow) => ({ type: "invitation", id: row.id, name: row.email });
// As the API shows an invitation, without its token (which only the creation response carries).
const invitationFields = (row: InvitationRow) => ({
  email: row.email,
  team_id: row.teamId,
  team_ids: invitationTeamIds(row),
  role: row.role,
  invited_by_id: row.invitedById,
  expires_at: toIso(row.expiresAt),
  revoked_at: toIsoOrNull(row.revokedAt),
  status: invitationStatus(row),
});

/** 48 random bytes: 64 URL-safe characters, far beyond guessing even without the rate limit. */
const TOKEN_BYTES = 48;

/** Every team the invitation leads into, the primary team first. */
export const invitationTeamIds = (row: Pick<InvitationRow, "teamId" | "otherTeamIds">): string[] => [
  row.teamId,
  ...row.otherTeamIds,
];

export function invitationStatus(row: InvitationRow, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() > now.getTime() ? "pending" : "expired";
}

const expiryFrom = (hours: number) => new Date(Date.now() + hours * 3600 * 1000);

/** `teamIds`: every team the invitee joins, the primary team first, each once. */
export type InviteInput = { email: string; teamIds: string[]; role: Role; expiryHours: number };

/**
 * Invites someone into teams the caller manages (each of them); the raw token is returned here
 * and never again. A pending invitation for the email is a 409 that names it, so the caller can
 * regenerate its link instead.
 */
export async function inviteUser(
  db: Db,
  principal: Principal | null,
  input: InviteInput,
): Promise<{ invitation: InvitationRow; token: string }> {
  const caller = requireUser(principal);
  const [primaryTeamId, ...otherTeamIds] = input.teamIds;
  if (!primaryTeamId) throw unprocessable("Name at least one team", "team_required");
  for (const teamId of input.teamIds) {
    await assertCanManageTeam(db, caller, teamId, "invite people into this team");
  }
  if (input.role === "admin" && !isAdmin(caller)) throw forbidden("Only admins may invite an admin");

  const token = randomToken(TOKEN_BYTES);
  try {
    const invitation = await db.transaction(async (tx) => {
      await lockInvitationEmail(tx, input.email);
      const pending = await findPendingInvitationByEmail(tx, input.email);
      if (pending) {
        throw new AppError(
          409,
          "invitation_pending",
          `Pending invitation already exists for ${input.email}: regenerate its link to get a new one (the old link stops working), or revoke it and invite again`,
          {},
          { invitation_id: pending.id },
        );
      }
      if (await isEmailTaken(tx, input.email)) {
        throw conflict(`User with email ${input.email} already exists`, "email_taken");
      }
      const invitation = await createInvitation(tx, {
        email: input.email,
        teamId: primaryTeamId,
        otherTeamIds,
        role: input.role,
        tokenHash: sha256Hex(token),
        invitedById: caller.user.id,
        expiresAt: expiryFrom(input.expiryHours),
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

/**
 * Admins see every invitation; team owners those whose primary team they manage; anyone else is
 * refused. `status` undefined lists every status.
 */
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

/** Why an invitation that is not pending cannot be changed, as a 409. */
function notPending(invitation: InvitationRow, doing: string): AppError {
  const status = invitationStatus(invitation);
  const why = {
    accepted: "it was already accepted",
    revoked: "it was revoked; invite them again instead",
    expired: "it has expired; invite them again instead",
    pending: "it changed meanwhile; try again",
  }[status];
  return conflict(`Cannot ${doing} the invitation for ${invitation.email}: ${why}`, `invitation_${status}`);
}

/** The invitation, if the caller may manage invitations into its primary team. */
async function manageableInvitation(db: Db, caller: Principal, invitationId: string, doing: string) {
  const invitation = await findInvitationById(db, invitationId);
  if (!invitation) throw notFound("Invitation not found", "invitation_not_found");
  await assertCanManageTeam(db, caller, invitation.teamId, `${doing} invitations into this team`);
  return invitation;
}

/**
 * Revokes an invitation that is not used yet: the row stays (listed as revoked) and its link
 * stops working. Accepted or already revoked invitations answer 409.
 */
export async function revokeInvitation(db: Db, principal: Principal | null, invitationId: string): Promise<void> {
  const caller = requireUser(principal);
  const invitation = await manageableInvitation(db, caller, invitationId, "revoke");
  await db.transaction(async (tx) => {
    const revoked = await markInvitationRevoked(tx, invitationId);
    if (!revoked) {
      const current = (await findInvitationById(tx, invitationId)) ?? invitation;
      throw current.revokedAt && !current.acceptedAt
        ? conflict(`The invitation for ${current.email} is already revoked`, "invitation_revoked")
        : notPending(current, "revoke");
    }
    await recordAudit(tx, caller, {
      action: "invitation.revoked",
      target: invitationTarget(revoked),
      teamId: revoked.teamId,
      before: invitationFields(invitation),
      after: invitationFields(revoked),
    });
  });
}

/**
 * Gives a pending invitation a new token, valid as long as a fresh invitation's; the old token
 * stops working at once. The raw token is returned here and never again.
 */
export async function regenerateInvitation(
  db: Db,
  principal: Principal | null,
  invitationId: string,
  expiryHours: number,
): Promise<{ invitation: InvitationRow; token: string }> {
  const caller = requireUser(principal);
  const invitation = await manageableInvitation(db, caller, invitationId, "regenerate links of");
  const token = randomToken(TOKEN_BYTES);
  const regenerated = await db.transaction(async (tx) => {
    const row = await replaceInvitationToken(tx, invitationId, {
      tokenHash: sha256Hex(token),
      expiresAt: expiryFrom(expiryHours),
    });
    if (!row) throw notPending((await findInvitationById(tx, invitationId)) ?? invitation, "regenerate the link of");
    await recordAudit(tx, caller, {
      action: "invitation.regenerated",
      target: invitationTarget(row),
      teamId: row.teamId,
      before: invitationFields(invitation),
      after: invitationFields(row),
    });
    return row;
  });
  return { invitation: regenerated, token };
}

export type InvitationPreview = {
  email: string;
  teamId: string;
  teamName: string;
  teams: { id: string; name: string }[];
  role: Role;
  expiresAt: Date;
};

/** What an invitation link offers, for the sign-up page; says why when the link no longer works. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const found = await findInvitationWithTeamByTokenHash(db, sha256Hex(token));
  if (!found) throw notFound("Invitation not found", "invitation_not_found");
  const { invitation, teamName } = found;
  const status = invitationStatus(invitation);
  if (status === "accepted") throw gone("Invitation already accepted", "invitation_accepted");
  if (status === "revoked") {
    throw gone("Invitation revoked: this link no longer works; ask for a new one", "invitation_revoked");
  }
  if (status === "expired") throw gone("Invitation expired", "invitation_expired");
  const names = await findTeamNames(db, invitation.otherTeamIds);
  const others = invitation.otherTeamIds.flatMap((id) => {
    const name = names.get(id);
    return name === undefined ? [] : [{ id, name }];
  });
  return {
    email: invitation.email,
    teamId: invitation.teamId,
    teamName,
    teams: [{ id: invitation.teamId, name: teamName }, ...others],
    role: invitation.role,
    expiresAt: invitation.expiresAt,
  };
}

/** The 400 for a token that cannot be accepted; a revoked invitation says so. */
async function whyNotAcceptable(db: Db, token: string): Promise<AppError> {
  const found = await findInvitationWithTeamByTokenHash(db, sha256Hex(token));
  if (found && invitationStatus(found.invitation) === "revoked") {
    return badRequest("Invitation revoked: this link no longer works; ask for a new one", "invitation_revoked");
  }
  return badRequest("Invalid, expired, or already-used invitation", "invalid_invitation");
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
      if (!invitation) throw await whyNotAcceptable(tx, token);
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
      await completeInvitation(tx, newcomer, invitation);
      return newcomer.user;
    });
    markChanged(db, "users");
    return member;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Username or email already taken", "identity_taken");
    throw error;
  }
}

/**
 * For `newcomer`, the account just created with the invitation's primary team: adds them to the
 * invitation's other teams (after the primary one, in order; teams deleted since are skipped) and
 * records that they used up the invitation. Call inside the transaction that created the account.
 */
export async function completeInvitation(tx: Db, newcomer: Principal, invitation: InvitationRow): Promise<void> {
  const existing = await findTeamNames(tx, invitation.otherTeamIds);
  const otherTeamIds = invitation.otherTeamIds.filter((id) => existing.has(id) && id !== invitation.teamId);
  await setTeamsOfUser(tx, newcomer.user.id, [invitation.teamId, ...otherTeamIds]);
  await recordAudit(tx, newcomer, {
    action: "invitation.accepted",
    target: invitationTarget(invitation),
    teamId: invitation.teamId,
    before: { status: "pending", accepted_at: null },
    after: {
      status: "accepted",
      accepted_at: toIsoOrNull(invitation.acceptedAt),
      user_id: newcomer.user.id,
      team_ids: [invitation.teamId, ...otherTeamIds],
    },
  });
}

/**
 * Uses up the pending invitation for this email, if any, for an account that single sign-on is
 * about to create: its primary team and role are where the newcomer starts. Call
 * `completeInvitation` once the account exists, in the same transaction.
 */
export async function takePendingInvitation(tx: Db, email: string): Promise<InvitationRow | null> {
  return markInvitationAcceptedForEmail(tx, email);
}
