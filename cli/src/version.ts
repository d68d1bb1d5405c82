import { createRequire } from "node:module";

/** This CLI's version, from its package.json (sent in the User-Agent and printed by `--version`). */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
