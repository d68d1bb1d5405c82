import { loadConfig } from "../config.js";
import { openDatabase } from "./client.js";
import { migrateWhenReachable } from "./migrate.js";

/** Standalone migration (the Helm migration job): migrate once the database answers, then exit. */
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrateWhenReachable(database, { log: console });
  console.log("Migrations applied");
} finally {
  await database.close();
}
