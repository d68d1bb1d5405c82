import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { conflict, isUniqueViolation, unauthorized } from "../../http/errors.js";
import type { AuthUser, Principal, RequestOrigin } from "../../http/types.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../../lib/crypto.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { createFoundingTeam, makeFounderOwner } from "../teams/teams.service.js";
import { findUserBySignInName, hasUsers, insertAccount, signOutUser } from "../users/users.service.js";
import { signedInPrincipal } from "./principal.js";

/** Serialises concurrent first registrations so exactly one organization is founded. */
const REGISTRATION_LOCK_ID = 742_031_002;

export type RegisterInput = {
  orgName: string;
  orgSlug: string;
  email: string;
  username: string;
  password: string;
  displayName?: string | null;
};

export async function hasOrganization(db: Db): Promise<boolean> {
  return hasUsers(db);
}

/** Founds the organization: its root team and first admin, who owns that team. First caller only. */
export async function registerFirstAdmin(db: Db, input: RegisterInput, origin?: RequestOrigin): Promise<AuthUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const admin = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REGISTRATION_LOCK_ID})`);
      if (await hasUsers(tx)) {
        throw conflict("Organization already exists. Use an invitation to join.", "org_exists");
      }
      const team = await createFoundingTeam(tx, { name: input.orgName, slug: input.orgSlug });
      const user = await insertAccount(
        tx,
        {
          teamId: team.id,
          username: input.username,
          email: input.email,
          displayName: input.displayName || input.username,
          passwordHash,
          role: "admin",
        },
        (created) => signedInPrincipal(created, origin),
      );
      const founder = signedInPrincipal(user, origin);
      await makeFounderOwner(tx, founder, team.id);
      await recordAudit(tx, founder, {
        action: "auth.registered",
        target: { type: "user", id: user.id, name: user.username },
        teamId: team.id,
      });
      return founder.user;
    });
    markChanged(db, "teams", "users");
    return admin;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Username or email already taken", "identity_taken");
    throw error;
  }
}

/**
 * Checks a login (email or username) and password; every failure looks the same to the caller.
 * Both outcomes go to the audit log, a failure with the name that was tried.
 */
export async function authenticatePassword(
  db: Db,
  login: string,
  password: string,
  origin?: RequestOrigin,
): Promise<AuthUser> {
  const user = await findUserBySignInName(db, login);
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, hash);
  if (!user?.passwordHash || !user.isActive || !matches) {
    await recordAudit(
      db,
      { anonymous: true, name: login.trim().slice(0, 254), origin },
      {
        action: "auth.sign_in_failed",
        target: { type: "user", id: user?.id ?? null, name: user?.username ?? null },
        teamId: user?.teamId ?? null,
      },
    );
    throw unauthorized("Invalid email or password", "invalid_credentials");
  }
  const principal = signedInPrincipal(user, origin);
  await recordAudit(db, principal, {
    action: "auth.signed_in",
    target: { type: "user", id: user.id, name: user.username },
    teamId: user.teamId,
  });
  return principal.user;
}

/**
 * Signing out ends every session of the caller signed so far, on every replica. Only a session
 * (JWT or cookie) signs out: an API key or the operator token has no session to end, and an
 * anonymous caller changes nothing.
 */
export async function signOut(db: Db, principal: Principal | null): Promise<void> {
  if (principal?.via !== "jwt" && principal?.via !== "cookie") return;
  await signOutUser(db, principal);
}
