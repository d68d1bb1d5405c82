import { randomBytes } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../db/client.js";
import { cachedRead, cacheKey, forgetCached, markChanged } from "../db/read-cache.js";
import { AppError } from "../http/errors.js";
import type { Principal } from "../http/types.js";
import {
  createMcpSession,
  deleteExpiredMcpSessions,
  deleteMcpSession,
  findLiveMcpSession,
  type McpSessionRow,
  markMcpContextDelivered,
  touchMcpSession,
} from "./sessions.repository.js";

/** A session ends after this long without a request. */
export const SESSION_IDLE_SECONDS = 24 * 60 * 60;
/** Activity is written at most this often per session, so busy sessions don't write on every request. */
const TOUCH_INTERVAL_SECONDS = 60;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 1000;
/** Our ids are 43 characters; anything much longer is not one of them. */
const MAX_SESSION_ID_LENGTH = 128;

export type McpSession = Pick<McpSessionRow, "id" | "contextDelivered">;

export const sessionNotFound = () => new AppError(404, "session_not_found", "Session not found");

let lastPrune = 0;

const identityOf = (principal: Principal | null) => ({
  userId: principal?.user.id ?? null,
  apiKeyId: principal?.apiKey?.id ?? null,
});

/**
 * Expired sessions are removed in the background now and then, by whichever replica starts a
 * session; a failure only delays the cleanup.
 */
function pruneExpiredSessions(db: Db, log: FastifyBaseLogger): void {
  if (Date.now() - lastPrune < PRUNE_INTERVAL_MS) return;
  lastPrune = Date.now();
  deleteExpiredMcpSessions(db, PRUNE_BATCH).catch((error: unknown) =>
    log.warn({ err: error }, "could not remove expired MCP sessions"),
  );
}

/**
 * Starts a session owned by the caller; its id goes in `Mcp-Session-Id`. Anonymous callers get
 * none: a session carries governance to deliver once, and they have none.
 */
export async function startSession(db: Db, principal: Principal, log: FastifyBaseLogger): Promise<McpSession> {
  pruneExpiredSessions(db, log);
  const row = await createMcpSession(db, {
    id: randomBytes(32).toString("base64url"),
    ...identityOf(principal),
    idleSeconds: SESSION_IDLE_SECONDS,
  });
  return { id: row.id, contextDelivered: row.contextDelivered };
}

/**
 * The caller's live session with this id, its idle timer restarted. Unknown, expired and other
 * identities' sessions are all "not found": a session id is no use to anyone but its owner.
 */
export async function resumeSession(db: Db, principal: Principal | null, id: string): Promise<McpSession> {
  if (id.length > MAX_SESSION_ID_LENGTH) throw sessionNotFound();
  // Every request of a session names it, so it is read from the process's cache of sessions,
  // which drops a session the moment any process ends it (see migration 0003).
  // Unknown ids are not cached (the loader throws), so made-up ids cannot crowd out real sessions.
  const found = await cachedRead(db, sessionKey(id), () => loadLiveSession(db, id), "sessions");
  const caller = identityOf(principal);
  if (found.expiresAt.getTime() <= Date.now() || found.userId !== caller.userId || found.apiKeyId !== caller.apiKeyId) {
    throw sessionNotFound();
  }
  return { id: found.id, contextDelivered: found.contextDelivered };
}

const sessionKey = (id: string) => cacheKey("session", id);

/** A live session, its idle timer restarted when it was last restarted a while ago; 404 otherwise. */
async function loadLiveSession(db: Db, id: string): Promise<McpSessionRow> {
  const found = await findLiveMcpSession(db, id, TOUCH_INTERVAL_SECONDS);
  if (!found) throw sessionNotFound();
  if (found.stale) await touchMcpSession(db, id, SESSION_IDLE_SECONDS, TOUCH_INTERVAL_SECONDS);
  return found.session;
}

/** Ends the caller's session (DELETE with its id). */
export async function endSession(db: Db, principal: Principal | null, id: string): Promise<void> {
  const session = await resumeSession(db, principal, id);
  await deleteMcpSession(db, session.id);
  markChanged(db, "mcp_sessions");
}

/** True for exactly one caller per session: the one that should hand out the session context. */
export async function claimSessionContext(db: Db, session: McpSession): Promise<boolean> {
  if (session.contextDelivered) return false;
  const claimed = await markMcpContextDelivered(db, session.id);
  // The cached session still says "not delivered": drop it, so later requests skip the claim.
  // (Elsewhere it only costs a claim that the database refuses.)
  forgetCached(db, sessionKey(session.id), "sessions");
  return claimed;
}
