import type { FastifyReply, FastifyRequest } from "fastify";
import type { ChangeFeed } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import { AppError } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { skillsFingerprint } from "./skills.service.js";

/*
 * Why a REST event stream rather than the MCP one: `GET /mcp` already pushes
 * `notifications/prompts/list_changed`, but the command line signs in for the REST API resource
 * and its tokens are refused on `/mcp` by design (audience binding), and an MCP list change says
 * nothing about governance that changes the rendered text. So this stream is fed by the same
 * change feed, and tells the caller when their skills (prompts, versions, governance) would
 * sync differently, comparing a fingerprint of the skills themselves after each change.
 */

export type SkillChangeOptions = {
  db: Db;
  changes: ChangeFeed;
  /** Changes within this long of the first are looked at together. */
  debounceMs?: number;
  keepAliveMs?: number;
  /** The stream ends after this long and the client reconnects, identifying itself again. */
  maxLifetimeMs?: number;
  maxStreamsPerCaller?: number;
};

const DEFAULTS = { debounceMs: 500, keepAliveMs: 25_000, maxLifetimeMs: 15 * 60_000, maxStreamsPerCaller: 5 };
const RETRY_MS = 2_000;

export type SkillChangeStreams = {
  open(request: FastifyRequest, reply: FastifyReply, principal: Principal, projectId: string | null): Promise<void>;
  close(): void;
};

/**
 * `GET /api/v1/skills/changes`: `event: ready` with the current fingerprint when the stream
 * opens, then `event: skills_changed` (its id the new fingerprint) each time a change on any
 * replica makes the caller's skills differ from what the stream last reported.
 */
export function createSkillChangeStreams(options: SkillChangeOptions): SkillChangeStreams {
  const limits = { ...DEFAULTS, ...options };
  const { db, changes } = options;
  const perCaller = new Map<string, number>();
  const enders = new Set<() => void>();

  return {
    close() {
      for (const end of [...enders]) end();
    },
    async open(request, reply, principal, projectId) {
      const userId = principal.user.id;
      const count = perCaller.get(userId) ?? 0;
      if (count >= limits.maxStreamsPerCaller) {
        throw new AppError(
          429,
          "too_many_streams",
          `At most ${limits.maxStreamsPerCaller} skill change streams per user: close another first`,
        );
      }
      // Counted before the first (slow) fingerprint, so streams opened at once cannot pass the limit.
      perCaller.set(userId, count + 1);
      const release = () => {
        const left = (perCaller.get(userId) ?? 1) - 1;
        if (left > 0) perCaller.set(userId, left);
        else perCaller.delete(userId);
      };
      const raw = reply.raw;
      // The client may leave while the first fingerprint is computed: its close must not be missed.
      const cleanups: (() => void)[] = [release];
      let gone = false;
      raw.once("close", () => {
        gone = true;
        for (const cleanup of cleanups.splice(0)) cleanup();
      });
      let told: string;
      try {
        told = await skillsFingerprint(db, principal, projectId);
      } catch (error) {
        for (const cleanup of cleanups.splice(0)) cleanup();
        throw error;
      }
      if (gone) {
        reply.hijack();
        return;
      }
      reply.hijack();
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) raw.setHeader(name, value);
      raw.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
        connection: "close",
        "x-request-id": request.id,
      });
      const write = (text: string) => {
        if (!raw.writableEnded && !raw.destroyed) raw.write(text);
      };
      const event = (name: string, fingerprint: string) =>
        write(`event: ${name}\nid: ${fingerprint}\ndata: ${JSON.stringify({ fingerprint })}\n\n`);
      write(`retry: ${RETRY_MS}\n\n`);
      event("ready", told);
      // A client resuming after a gap hears at once that it missed something.
      const lastSeen = request.headers["last-event-id"];
      if (typeof lastSeen === "string" && lastSeen !== told) event("skills_changed", told);

      let timer: NodeJS.Timeout | null = null;
      let checking = false;
      let again = false;
      const check = async () => {
        timer = null;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          const now = await skillsFingerprint(db, principal, projectId);
          if (now !== told) {
            told = now;
            event("skills_changed", now);
          }
        } catch (error) {
          request.log.warn({ err: error }, "could not check skill changes");
        } finally {
          checking = false;
          if (again) {
            again = false;
            schedule();
          }
        }
      };
      const schedule = () => {
        if (timer) return;
        timer = setTimeout(check, limits.debounceMs);
        timer.unref();
      };
      const stopListening = changes.onChange((topic) => {
        if (topic === "data" || topic === "identities") schedule();
      });
      const keepAlive = setInterval(() => write(": keep-alive\n\n"), limits.keepAliveMs);
      keepAlive.unref();
      const lifetime = setTimeout(() => end(), limits.maxLifetimeMs);
      lifetime.unref();
      const end = () => {
        if (!raw.writableEnded) raw.end();
      };
      enders.add(end);
      cleanups.push(() => {
        enders.delete(end);
        stopListening();
        clearInterval(keepAlive);
        clearTimeout(lifetime);
        if (timer) clearTimeout(timer);
      });
    },
  };
}
