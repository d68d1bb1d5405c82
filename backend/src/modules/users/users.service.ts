import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { Role } from "../../db/schema.js";
import {
  conflict,
  forbidden,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
  postgresConstraint,
  unprocessable,
} from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { hashPassword, verifyPassword } from "../../lib/crypto.js";
import { assertSelfOrAdmin, isAdmin } from "../access/access.service.js";
import { deactivateApiKeysOfUser } from "../api-keys/api-keys.repository.js";
import { findTeamById } from "../teams/teams.repository.js";
import {
  createUser,
  endUserSessions,
  findUserByEmail,
  findUserById,
  findUserByUsername,
  findUsers,
  lockActiveAdminIds,
  type NewUser,
  type UserFilter,
  type UserRow,
  updateUser,
} from "./users.repository.js";
import type { UpdateUserBody } from "./users.schemas.js";

export type CreateUserInput = {
  username: string;
  displayName?: string | null;
  email?: string | null;
  teamId: string;
  role: Role;
  password?: string;
};

const userNotFound = () => notFound("User not found", "user_not_found");
const teamNotFound = () => notFound("Team not found", "team_not_found");
const usernameTaken = (username: string) => conflict(`Username '${username}' already exists`, "username_taken");
const emailTaken = (email: string) => conflict(`Email '${email}' already exists`, "email_taken");
const lastAdmin = () => conflict("Cannot remove the last active admin", "last_admin");

/** A unique or foreign-key violation that slipped past the checks (a concurrent write) becomes a 409/404. */
function mapWriteError(error: unknown, values: { username?: string; email?: string | null }): unknown {
  if (isUniqueViolation(error)) {
    const constraint = postgresConstraint(error);
    if (constraint === "users_username_key" && values.username) return usernameTaken(values.username);
    if (constraint === "users_email_key" && values.email) return emailTaken(values.email);
    return conflict("Username or email already exists", "identity_taken");
  }
  if (isForeignKeyViolation(error)) return teamNotFound();
  return error;
}

async function assertTeamExists(db: Db, teamId: string): Promise<void> {
  if (!(await findTeamById(db, teamId))) throw teamNotFound();
}

async function assertEmailFree(db: Db, email: string, exceptUserId?: string): Promise<void> {
  const holder = await findUserByEmail(db, email);
  if (holder && holder.id !== exceptUserId) throw emailTaken(email);
}

/** Admin-created account; without a password the user cannot sign in until one is set. */
export async function createUserAccount(db: Db, input: CreateUserInput): Promise<UserRow> {
  await assertTeamExists(db, input.teamId);
  if (await findUserByUsername(db, input.username)) throw usernameTaken(input.username);
  if (input.email) await assertEmailFree(db, input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const user = await createUser(db, {
      teamId: input.teamId,
      username: input.username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      role: input.role,
      passwordHash,
    });
    markChanged(db, "users");
    return user;
  } catch (error) {
    throw mapWriteError(error, input);
  }
}

/** One page of users ordered by username, with the total matching the filter. */
export async function listUsers(db: Db, filter: UserFilter, page: number, pageSize: number) {
  return findUsers(db, filter, { limit: pageSize, offset: (page - 1) * pageSize });
}

export async function getUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw userNotFound();
  return user;
}

const ADMIN_ONLY_FIELDS = ["role", "team_id", "is_active"] as const;

/**
 * Self-service edits (display name, email, password with the current one) and admin edits
 * (also role, team, active flag, resetting someone else's password). The last active admin always remains.
 * A new password or a deactivation ends every session of the user signed before it (`sessionsEnded`).
 */
export async function updateUserAccount(
  db: Db,
  principal: Principal | null,
  userId: string,
  body: UpdateUserBody,
): Promise<{ user: UserRow; sessionsEnded: boolean }> {
  const caller = assertSelfOrAdmin(principal, userId);
  const target = await getUser(db, userId);
  const admin = isAdmin(caller);

  if (!admin) {
    const current = { role: target.role, team_id: target.teamId, is_active: target.isActive };
    // Re-sending an unchanged value (a whole profile form) is not an attempt to change it.
    const changed = ADMIN_ONLY_FIELDS.find((field) => body[field] !== undefined && body[field] !== current[field]);
    if (changed) throw forbidden(`Only admins may change '${changed}'`, "admin_only_field");
  }

  const changes: Partial<NewUser> = {};
  if (body.display_name != null) changes.displayName = body.display_name;
  if (body.email != null && body.email !== target.email) {
    await assertEmailFree(db, body.email, target.id);
    changes.email = body.email;
  }
  if (body.team_id !== undefined && body.team_id !== target.teamId) {
    await assertTeamExists(db, body.team_id);
    changes.teamId = body.team_id;
  }
  if (body.role !== undefined) changes.role = body.role;
  if (body.is_active !== undefined) changes.isActive = body.is_active;
  if (body.password !== undefined) {
    // Your own password always needs the current one, admins included: a stolen session alone
    // must not be enough to take over the account. Admins reset other people's without it.
    if (caller.user.id === target.id || !admin) await assertCurrentPassword(target, body.current_password);
    changes.passwordHash = await hashPassword(body.password);
  }

  const losesAdmin =
    target.role === "admin" && target.isActive && (changes.role === "member" || changes.isActive === false);
  // Whoever held the old password may hold a session too; a deactivated account must not come
  // back with the sessions it had.
  const sessionsEnded = changes.passwordHash !== undefined || changes.isActive === false;
  try {
    const updated = await db.transaction(async (tx) => {
      if (losesAdmin) await assertAnotherActiveAdmin(tx, target.id);
      const row = await updateUser(tx, target.id, changes);
      if (!row) throw userNotFound();
      return sessionsEnded ? ((await endUserSessions(tx, target.id)) ?? row) : row;
    });
    markChanged(db, "identities");
    if (changes.teamId !== undefined) markChanged(db, "users");
    return { user: updated, sessionsEnded };
  } catch (error) {
    throw mapWriteError(error, { email: changes.email });
  }
}

async function assertCurrentPassword(user: UserRow, currentPassword: string | undefined): Promise<void> {
  if (currentPassword === undefined) {
    throw unprocessable("Send current_password to change your password", "current_password_required");
  }
  if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw forbidden("Current password is incorrect", "invalid_current_password");
  }
}

async function assertAnotherActiveAdmin(tx: Db, userId: string): Promise<void> {
  const adminIds = await lockActiveAdminIds(tx);
  if (!adminIds.some((id) => id !== userId)) throw lastAdmin();
}

/** Deleting a user deactivates the account, ends its sessions and revokes all its API keys; nothing is erased. */
export async function deactivateUser(db: Db, userId: string): Promise<void> {
  const target = await getUser(db, userId);
  await db.transaction(async (tx) => {
    if (target.role === "admin" && target.isActive) await assertAnotherActiveAdmin(tx, target.id);
    await updateUser(tx, target.id, { isActive: false });
    await endUserSessions(tx, target.id);
    await deactivateApiKeysOfUser(tx, target.id);
  });
  markChanged(db, "identities");
}
