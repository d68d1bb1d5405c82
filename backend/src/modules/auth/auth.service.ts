import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { conflict, isUniqueViolation, unauthorized } from "../../http/errors.js";
import type { AuthUser, Principal } from "../../http/types.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../../lib/crypto.js";
import { createTeam, findTeamBySlug, updateTeam } from "../teams/teams.repository.js";
import { countUsers, createUser, endUserSessions, findUserByLogin } from "../users/users.repository.js";
import { toAuthUser } from "./principal.js";

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
  return (await countUsers(db)) > 0;
}

/** Founds the organization: its root team and first admin, who owns that team. First caller only. */
export async function registerFirstAdmin(db: Db, input: RegisterInput): Promise<AuthUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const admin = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REGISTRATION_LOCK_ID})`);
      if ((await countUsers(tx)) > 0) {
        throw conflict("Organization already exists. Use an invitation to join.", "org_exists");
      }
      if (await findTeamBySlug(tx, input.orgSlug)) {
        throw conflict(`Team slug '${input.orgSlug}' already exists`, "slug_taken");
      }
      const team = await createTeam(tx, { name: input.orgName, slug: input.orgSlug });
      const user = await createUser(tx, {
        teamId: team.id,
        username: input.username,
        email: input.email,
        displayName: input.displayName || input.username,
        passwordHash,
        role: "admin",
      });
      await updateTeam(tx, team.id, { ownerId: user.id });
      return toAuthUser(user);
    });
    markChanged(db, "teams", "users");
    return admin;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Username or email already taken", "identity_taken");
    throw error;
  }
}

/** Checks a login (email or username) and password; every failure looks the same to the caller. */
export async function authenticatePassword(db: Db, login: string, password: string): Promise<AuthUser> {
  const user = await findUserByLogin(db, login);
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, hash);
  if (!user?.passwordHash || !user.isActive || !matches) {
    throw unauthorized("Invalid email or password", "invalid_credentials");
  }
  return toAuthUser(user);
}

/**
 * Signing out ends every session of the caller signed so far, on every replica. Only a session
 * (JWT or cookie) signs out: an API key or the operator token has no session to end, and an
 * anonymous caller changes nothing.
 */
export async function signOut(db: Db, principal: Principal | null): Promise<void> {
  if (principal?.via !== "jwt" && principal?.via !== "cookie") return;
  await endUserSessions(db, principal.user.id);
  markChanged(db, "identities");
}
