// Test harnesses start the backend in a process of its own: the CLI's, the conformance suite's, the
// chart's database-role tests and the backend's own replica tests, about 35 times a run. From
// source, through tsx, a start takes about 1.4 s of CPU more than from the build (4.8 s against
// 3.4 s, measured on 2 cores). So `npm test` builds the backend once before the suites and says so
// in SPECHUB_BACKEND_BUILT; a suite run on its own, on sources that may have changed, uses them.

/** Whether the test runner built backend/dist from the current sources for this run. */
export const backendBuilt = process.env.SPECHUB_BACKEND_BUILT === "1";

/**
 * Node's arguments that run one of the backend's entry points (`main`, `db/migrate-cli`, …), from
 * the backend's folder: the built file when the runner built it, else the source through tsx.
 * @param {string} entry
 * @returns {string[]}
 */
export function backendEntry(entry) {
  return backendBuilt ? [`dist/${entry}.js`] : ["--import", "tsx", `src/${entry}.ts`];
}
