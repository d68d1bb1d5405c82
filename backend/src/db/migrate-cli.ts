import { loadConfig } from "../config.js";
import { openDatabase } from "./client.js";
import { runMigrations } from "./migrate.js";

/** Standalone migration (the Helm migration job): migrate, then exit. */
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await runMigrations(database);
  console.log("Migrations applied");
} finally {
  await database.close();
}
