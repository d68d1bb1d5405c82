import { ConfigError, loadConfig } from "./config.js";
import { DataFolderInUseError } from "./db/pglite-lock.js";

/**
 * The process entry point. OpenTelemetry's instrumentation patches `http` and `pg` as they are
 * loaded, so when tracing is asked for, it starts before the server's modules are imported; when
 * it is not, the SDK is never loaded at all.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = config.tracing
    ? await (await import("./observability/start-tracing.js")).startTracing(config.tracing)
    : null;
  const { runServer } = await import("./server.js");
  await runServer(config, { beforeExit: tracing?.shutdown });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderInUseError) {
    console.error(`spechub: ${error.message}`);
  } else {
    console.error("spechub: failed to start", error);
  }
  process.exit(1);
});
