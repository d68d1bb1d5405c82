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
import { assertSelfOrAdmin, isAdmin, requireAdmin } from "../access/access.service.js";
import { revokeAllApiKeysOf } from "../api-keys/api-keys.service.js";
import { type AnonymousActor, type AuditEntry, auditedFields, recordAudit } from "../audit/audit.recorder.js";
import { getTeam } from "../teams/teams.service.js";
import {
  countUsers,
  createUser,
  endUserSessions,
  findFoundingAdmin,
  findTeamIdsOfUsers,
  findUserByEmail,
  findUserByExternalIdentity,
  findUserById,
  findUserByLogin,
  findUserByUsername,
  findUsers,
  findUserTeamIds,
  lockActiveAdminIds,
  replaceUserTeams,
  type UserFilter,
  updateUser,
} from "./users.repository.js";
import { toUserResponse, type UpdateUserBody, type UserWithTeams } from "./users.schemas.js";
import type { NewUser, UserRow } from "./users.types.js";

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
  await getTeam(db, teamId);
}

async function assertEmailFree(db: Db, email: string, exceptUserId?: string): Promise<void> {
  const holder = await findUserByEmail(db, email);
  if (holder && holder.id !== exceptUserId) throw emailTaken(email);
}

const userTarget = (user: UserRow) => ({ type: "user", id: user.id, name: user.username });
const userFields = (user: UserWithTeams) => auditedFields(toUserResponse(user));

/** A user by id with their teams, primary first (404 when unknown). */
export async function getUserWithTeams(db: Db, userId: string): Promise<UserWithTeams> {
  return withTeams(db, await getUser(db, userId));
}

/** The user with their teams, primary first. */
export async function withTeams(db: Db, user: UserRow): Promise<UserWithTeams> {
  const teamIds = await findUserTeamIds(db, user.id);
  return { ...user, teamIds: teamIds.length > 0 ? teamIds : [user.teamId] };
}

/** Users with their teams, in one query for the whole list. */
export async function withTeamsAll(db: Db, rows: UserRow[]): Promise<UserWithTeams[]> {
  const teams = await findTeamIdsOfUsers(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, teamIds: teams.get(row.id) ?? [row.teamId] }));
}

/**
 * Inserts a user and records `user.created`, inside the caller's transaction. `actorOf` names who
 * did it: an admin, or the new user themself (signing up through an invitation or registration).
 */
export async function insertAccount(tx: Db, values: NewUser, actorOf: (user: UserRow) => Principal): Promise<UserRow> {
  const user = await createUser(tx, values);
  await recordAudit(tx, actorOf(user), {
    action: "user.created",
    target: userTarget(user),
    teamId: user.teamId,
    after: userFields({ ...user, teamIds: [user.teamId] }),
  });
  return user;
}

/** Admin-created account; without a password the user cannot sign in until one is set. */
export async function createUserAccount(db: Db, principal: Principal | null, input: CreateUserInput): Promise<UserRow> {
  const admin = requireAdmin(principal);
  await assertTeamExists(db, input.teamId);
  if (await findUserByUsername(db, input.username)) throw usernameTaken(input.username);
  if (input.email) await assertEmailFree(db, input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const user = await db.transaction((tx) =>
      insertAccount(
        tx,
        {
          teamId: input.teamId,
          username: input.username,
          displayName: input.displayName ?? null,
          email: input.email ?? null,
          role: input.role,
          passwordHash,
        },
        () => admin,
      ),
    );
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

/** A user who may sign in, or 404: only such users lead projects, own teams or receive shares. */
export async function getActiveUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user?.isActive) throw userNotFound();
  return user;
}

/** The user whose email or username this is, or null. */
export async function findUserBySignInName(db: Db, login: string): Promise<UserRow | null> {
  return findUserByLogin(db, login);
}

/** Whether an account already uses this email. */
export async function isEmailTaken(db: Db, email: string): Promise<boolean> {
  return (await findUserByEmail(db, email)) !== null;
}

/** The user holding this email (any case), or null. */
export async function findUserWithEmail(db: Db, email: string): Promise<UserRow | null> {
  return findUserByEmail(db, email);
}

/** The user who signs in with this identity provider account (single sign-on), or null. */
export async function findUserByExternalAccount(db: Db, issuer: string, subject: string): Promise<UserRow | null> {
  return findUserByExternalIdentity(db, issuer, subject);
}

/** `base` when no account uses it, else the first free `base-2`, `base-3`, …, kept within 64 characters. */
export async function freeUsername(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!(await findUserByUsername(db, candidate))) return candidate;
  }
}

/**
 * Ties an existing account to the identity provider account that proved it holds the account's
 * email, so later sign-ins find it by that account; records `user.identity_linked`.
 */
export async function linkExternalIdentity(
  tx: Db,
  actor: Principal,
  user: UserRow,
  identity: { issuer: string; subject: string },
): Promise<UserRow> {
  const row = await updateUser(tx, user.id, { externalIssuer: identity.issuer, externalSubject: identity.subject });
  if (!row) throw userNotFound();
  await recordAudit(tx, actor, {
    action: "user.identity_linked",
    target: userTarget(row),
    teamId: row.teamId,
    before: { external_issuer: user.externalIssuer, external_subject: user.externalSubject },
    after: { external_issuer: row.externalIssuer, external_subject: row.externalSubject },
  });
  return row;
}

/**
 * Gives the user the role their identity provider groups call for (single sign-on group rules),
 * recording `user.role_changed`. The last active admin stays admin whatever the groups say, as
 * with any other demotion. Returns the user as stored.
 */
export async function applyDirectoryRole(
  tx: Db,
  actor: Principal | AnonymousActor,
  user: UserRow,
  role: Role,
): Promise<UserRow> {
  if (user.role === role) return user;
  if (user.role === "admin" && user.isActive) {
    const adminIds = await lockActiveAdminIds(tx);
    if (!adminIds.some((id) => id !== user.id)) return user;
  }
  const row = await updateUser(tx, user.id, { role });
  if (!row) throw userNotFound();
  await recordAudit(tx, actor, {
    action: "user.role_changed",
    target: userTarget(row),
    teamId: row.teamId,
    before: { role: user.role },
    after: { role: row.role },
  });
  return row;
}

/** The earliest active admin: who the operator token acts as. */
export async function findOperatorUser(db: Db): Promise<UserRow | null> {
  return findFoundingAdmin(db);
}

/** Whether anyone has registered yet. */
export async function hasUsers(db: Db): Promise<boolean> {
  return (await countUsers(db)) > 0;
}

/** Ends every session of the user signed so far (sign-out), recording it. */
export async function signOutUser(db: Db, principal: Principal): Promise<void> {
  await db.transaction(async (tx) => {
    await endUserSessions(tx, principal.user.id);
    await recordAudit(tx, principal, {
      action: "auth.signed_out",
      target: { type: "user", id: principal.user.id, name: principal.user.username },
      teamId: principal.user.teamId,
    });
  });
  markChanged(db, "identities");
}

const ADMIN_ONLY_FIELDS = ["role", "team_id", "is_active"] as const;

/**
 * Makes `teamIds` a user's teams, primary first. Call inside the transaction of the change that
 * decides them, which records it.
 */
export async function setTeamsOfUser(tx: Db, userId: string, teamIds: string[]): Promise<void> {
  await replaceUserTeams(tx, userId, teamIds);
}

/** `teamIds` with `primary` first and the other teams kept, in order, each once. */
export function withPrimaryTeam(teamIds: readonly string[], primary: string): string[] {
  if (primary === teamIds[0]) return [...teamIds];
  return [primary, ...teamIds.slice(1).filter((id) => id !== primary)];
}

/** The user's teams after this edit: `team_ids` as given, or `team_id` replacing only the primary. */
function nextTeamIds(current: string[], body: UpdateUserBody): string[] {
  if (body.team_ids !== undefined) return body.team_ids;
  if (body.team_id === undefined) return current;
  return withPrimaryTeam(current, body.team_id);
}

/** Which events a change of these fields writes, each with the fields it shows. */
const USER_CHANGE_EVENTS: { action: string; keys: string[] }[] = [
  { action: "user.updated", keys: ["display_name", "email"] },
  { action: "user.role_changed", keys: ["role"] },
  { action: "user.team_changed", keys: ["team_id", "team_ids"] },
];

/** The events of one account change: profile, role, team, activation and password each have theirs. */
function userChangeEvents(before: UserWithTeams, after: UserWithTeams, passwordChanged: boolean): AuditEntry[] {
  const was = userFields(before);
  const now = userFields(after);
  const pick = (fields: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.map((key) => [key, fields[key]]));
  // Lists (team_ids) compare by content, not identity.
  const same = (key: string) => JSON.stringify(was[key]) === JSON.stringify(now[key]);
  const target = userTarget(after);
  const entries: AuditEntry[] = [];
  for (const { action, keys } of USER_CHANGE_EVENTS) {
    if (keys.every(same)) continue;
    entries.push({ action, target, teamId: after.teamId, before: pick(was, keys), after: pick(now, keys) });
  }
  if (before.isActive !== after.isActive) {
    entries.push({
      action: after.isActive ? "user.reactivated" : "user.deactivated",
      target,
      teamId: after.teamId,
      before: { is_active: before.isActive },
      after: { is_active: after.isActive },
    });
  }
  // Only that it changed: the password and its hash never reach the log.
  if (passwordChanged) entries.push({ action: "user.password_changed", target, teamId: after.teamId });
  return entries;
}

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
): Promise<{ user: UserWithTeams; sessionsEnded: boolean }> {
  const caller = assertSelfOrAdmin(principal, userId);
  const target = await getUserWithTeams(db, userId);
  const admin = isAdmin(caller);
  const teamIds = nextTeamIds(target.teamIds, body);
  const teamsChanged = JSON.stringify(teamIds) !== JSON.stringify(target.teamIds);

  if (!admin) {
    const current = { role: target.role, team_id: target.teamId, is_active: target.isActive };
    // Re-sending an unchanged value (a whole profile form) is not an attempt to change it.
    const changed = ADMIN_ONLY_FIELDS.find((field) => body[field] !== undefined && body[field] !== current[field]);
    if (changed) throw forbidden(`Only admins may change '${changed}'`, "admin_only_field");
    if (teamsChanged) throw forbidden("Only admins may change 'team_ids'", "admin_only_field");
  }

  const changes: Partial<NewUser> = {};
  if (body.display_name != null) changes.displayName = body.display_name;
  if (body.email != null && body.email !== target.email) {
    await assertEmailFree(db, body.email, target.id);
    changes.email = body.email;
  }
  if (teamsChanged) {
    for (const teamId of teamIds) await assertTeamExists(db, teamId);
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
      if (teamsChanged) await replaceUserTeams(tx, target.id, teamIds);
      const row = await updateUser(tx, target.id, changes);
      if (!row) throw userNotFound();
      const after = await withTeams(tx, row);
      for (const entry of userChangeEvents(target, after, changes.passwordHash !== undefined)) {
        await recordAudit(tx, caller, entry);
      }
      const ended = sessionsEnded ? await endUserSessions(tx, target.id) : null;
      return ended ? { ...ended, teamIds: after.teamIds } : after;
    });
    markChanged(db, "identities");
    if (teamsChanged) markChanged(db, "users");
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

/**
 * Deleting a user (admins only) deactivates the account, ends its sessions and revokes all its
 * API keys; nothing is erased.
 */
export async function deactivateUser(db: Db, principal: Principal | null, userId: string): Promise<void> {
  const admin = requireAdmin(principal);
  const target = await getUser(db, userId);
  await db.transaction(async (tx) => {
    if (target.role === "admin" && target.isActive) await assertAnotherActiveAdmin(tx, target.id);
    await updateUser(tx, target.id, { isActive: false });
    await endUserSessions(tx, target.id);
    const revokedKeys = await revokeAllApiKeysOf(tx, target.id);
    if (!target.isActive && revokedKeys === 0) return;
    await recordAudit(tx, admin, {
      action: "user.deactivated",
      target: userTarget(target),
      teamId: target.teamId,
      before: { is_active: target.isActive, revoked_api_keys: 0 },
      after: { is_active: false, revoked_api_keys: revokedKeys },
    });
  });
  markChanged(db, "identities");
}
