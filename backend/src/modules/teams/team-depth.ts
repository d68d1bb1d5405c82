import { AppError, unprocessable } from "../../http/errors.js";

/**
 * How deep teams nest: a top-level team is at level 1, its sub-teams at level 2, and so on.
 * Every expansion walks its caller's team chain up to the root to collect inherited governance;
 * the bound keeps that walk short, and no org chart needs more. Because writes never go deeper, a
 * walk that meets a longer chain has found broken data (or a cycle) and fails, rather than
 * leaving out the teams above, whose policies would then silently not apply.
 */
export const MAX_TEAM_DEPTH = 50;

/** A create, insert or move that would nest a team deeper than the cap: 422 naming the cap. */
export function teamTooDeep(what: string, level: number): AppError {
  return unprocessable(
    `${what} would be at level ${level}; teams nest at most ${MAX_TEAM_DEPTH} levels deep`,
    "team_too_deep",
  );
}

/** A chain query met more levels than the cap allows: refuse rather than answer without the top of the tree. */
export function teamTreeTooDeep(): AppError {
  return new AppError(
    409,
    "team_tree_too_deep",
    `The team tree here is deeper than ${MAX_TEAM_DEPTH} levels, which SpecHub never allows; ` +
      "an admin must move teams up before this can be answered",
  );
}
