import type { Db } from "../../db/client.js";
import { findUserById, findUserTeamIds } from "./users.repository.js";
import type { UserRow } from "./users.types.js";

// Users as the access rules read them. Kept apart from users.service, which asks access.service
// before it writes, so that access.service can read users without an import cycle.

/** The user, or null; for identifying callers, where a missing user is not an error of the request. */
export async function findUser(db: Db, userId: string): Promise<UserRow | null> {
  return findUserById(db, userId);
}

/** The teams of a user, primary first: what membership rules (governance, access) go by. */
export async function getUserTeamIds(db: Db, userId: string): Promise<string[]> {
  return findUserTeamIds(db, userId);
}
