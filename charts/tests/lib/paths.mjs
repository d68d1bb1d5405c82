import path from "node:path";
import { fileURLToPath } from "node:url";

export const testsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(testsDir, "..", "..");
export const chartDir = path.join(repoRoot, "charts", "pcp");
