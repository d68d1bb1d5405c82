import type { Config } from "./config.js";
import { type Database, openDatabase } from "./db/client.js";
import { migrateWhenReachable } from "./db/migrate.js";
import { buildApp } from "./http/app.js";
import { listenWhileStarting, type StartupServer } from "./modules/health/startup-server.js";

type Prepared = { database: Database; app: Awaited<ReturnType<typeof buildApp>> };

/**
 * Database → migrations (waiting for the database as long as it takes) → app. On failure, or
 * shutdown (`signal`) while waiting, the database is closed again before the promise rejects.
 */
async function prepare(config: Config, startup: StartupServer, signal: AbortSignal): Promise<Prepared> {
  const { log } = startup;
  const database = await openDatabase(config.database, { log });
  try {
    startup.setPhase("waiting for the database and its migrations");
    await migrateWhenReachable(database, { log, signal });
    startup.setPhase("starting the API");
    return { database, app: await buildApp({ config, database }) };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export type ServerOptions = {
  /** Runs after the app and the database have closed, before the process exits (trace export). */
  beforeExit?: () => Promise<void>;
};

/**
 * Runs the backend until SIGTERM/SIGINT. Started by `main.ts`, which sets tracing up before this
 * module (and so Fastify and `pg`) is loaded.
 */
export async function runServer(config: Config, options: ServerOptions = {}): Promise<void> {
  // Listening before anything else: liveness probes get an answer while the database is awaited.
  const startup = await listenWhileStarting(config);
  const log = startup.log;
  const stopping = new AbortController();
  const preparing = prepare(config, startup, stopping.signal);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received: finishing in-flight requests`);
    stopping.abort();
    try {
      await startup.close();
      const prepared = await preparing.catch(() => undefined);
      if (prepared) {
        // The app's own close hooks (usage flush) still need the database: close it last.
        await prepared.app.close();
        await prepared.database.close();
      }
      await options.beforeExit?.();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  let prepared: Prepared;
  try {
    prepared = await preparing;
  } catch (error) {
    if (closing) return;
    await startup.close();
    throw error;
  }
  if (closing) return;
  const { app } = prepared;
  if (config.authTokenIsKnownDefault) {
    app.log.warn(
      "AUTH_TOKEN is a well-known default value: anyone who knows it is an admin. Set a long random AUTH_TOKEN.",
    );
  }
  app.log.info(
    config.database.kind === "pglite"
      ? `database: embedded PGlite in ${config.database.dir}`
      : "database: PostgreSQL (DATABASE_URL)",
  );
  if (config.tracing) {
    app.log.info(
      `tracing: exporting spans over OTLP/HTTP to ${config.tracing.tracesUrl} as ${config.tracing.serviceName}`,
    );
  }
  await startup.close();
  await app.listen({ port: startup.port, host: config.host });
}
