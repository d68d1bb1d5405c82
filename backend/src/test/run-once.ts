/**
 * Test files that run once, with the pglite project, instead of once per database
 * (vitest.config.ts): they test logic that opens no database of the run's, so a second pass on
 * PostgreSQL would run the same code again. The OpenAPI check builds the app on an embedded
 * database of its own, and the routes' schemas it compares do not depend on the database.
 * The test harness refuses to give a database to a file listed here.
 */
export const runOnceTests = [
  "src/config.test.ts",
  "src/db/read-cache.test.ts",
  "src/modules/expansion/in-process-validation.test.ts",
  "src/modules/expansion/render-errors.test.ts",
  "src/modules/expansion/template-check.test.ts",
  "src/modules/expansion/template-engine.test.ts",
  "src/modules/sso/external-identity.test.ts",
  "src/modules/usage/usage-excerpt.test.ts",
  "src/modules/workflows/workflow-graph.test.ts",
  "src/modules/workflows/workflow-run-record.test.ts",
  "src/openapi/openapi-document.test.ts",
  "src/test/run-once.test.ts",
];
