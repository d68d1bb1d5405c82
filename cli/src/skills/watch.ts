import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "../api/client.js";
import { SignInEnded } from "../auth/oauth.js";
import { CliError } from "../output.js";

export type ServerEvent = { event: string; id: string | null; data: string };

/** Splits a `text/event-stream` body into events as they arrive. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) return;
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: ServerEvent = { event: "message", id: null, data: "" };
      let hasField = false;
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event.event = value;
        else if (field === "id") event.id = value;
        else if (field === "data") event.data = event.data ? `${event.data}\n${value}` : value;
        else continue;
        hasField = true;
      }
      if (hasField && (event.event !== "message" || event.data)) yield event;
    }
  }
}

export type WatchOptions = {
  projectId: string | undefined;
  signal: AbortSignal;
  /** Syncs the folder; called after each change and after each reconnection. */
  sync(): Promise<void>;
  log(line: string): void;
};

const BACKOFF = { initialMs: 1_000, maxMs: 30_000 };

/**
 * Follows `GET /api/v1/skills/changes` and syncs on every `skills_changed` event, and after
 * every reconnection (changes may have happened meanwhile). The stream ends from time to time by
 * design; a lost connection is retried with doubling delays. Returns when `signal` aborts; an
 * ended sign-in or a refused credential is an error, since retrying cannot cure it.
 */
export async function watchSkills(connection: Connection, options: WatchOptions): Promise<void> {
  const { signal, log } = options;
  let delay = BACKOFF.initialMs;
  let lastEventId: string | null = null;
  let firstConnection = true;
  while (!signal.aborted) {
    try {
      const url = new URL(`${connection.url}/api/v1/skills/changes`);
      if (options.projectId) url.searchParams.set("project_id", options.projectId);
      const headers: Record<string, string> = { accept: "text/event-stream" };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      const response = await connection.fetch(new Request(url, { headers, signal }));
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        const body = (await response.json().catch(() => null)) as { detail?: unknown } | null;
        throw new CliError(
          `The server refused the change stream: ${String(body?.detail ?? `HTTP ${response.status}`)}`,
        );
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      for await (const event of readEvents(response.body)) {
        if (event.id) lastEventId = event.id;
        if (event.event === "ready") {
          delay = BACKOFF.initialMs;
          if (!firstConnection) await options.sync();
          firstConnection = false;
          log("Watching for changes (Ctrl+C to stop)");
        } else if (event.event === "skills_changed") {
          await options.sync();
        }
      }
      if (!signal.aborted) log("The server ended the change stream; reconnecting");
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SignInEnded || (error instanceof CliError && /refused/.test(error.message))) throw error;
      log(`Lost the change stream (${(error as Error).message}); retrying in ${Math.round(delay / 1000)} s`);
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(delay * 2, BACKOFF.maxMs);
    }
  }
}
