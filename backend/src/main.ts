import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import { DataFolderInUseError } from "./db/pglite-lock.js";
import { buildApp } from "./http/app.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await runMigrations(database);
    app = await buildApp({ config, database });
  } catch (error) {
    await database.close();
    throw error;
  }

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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    try {
      // The app's own close hooks (usage flush) still need the database: close it last.
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderInUseError) {
    console.error(`spechub: ${error.message}`);
  } else {
    console.error("spechub: failed to start", error);
  }
  process.exit(1);
});
