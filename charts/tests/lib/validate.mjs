// Validates rendered objects against the Kubernetes JSON schemas compiled into the
// kubernetes-models package (offline), Routes against a schema written from the OpenShift API
// reference, and ServiceMonitors against one written from the Prometheus Operator's. A kind with
// no schema is an error, so nothing the chart renders goes unchecked.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const here = path.dirname(fileURLToPath(import.meta.url));
const compileSchema = (file) =>
  new Ajv({ allErrors: true, strict: true }).compile(
    JSON.parse(fs.readFileSync(path.join(here, "schemas", file), "utf8")),
  );
/** Kinds no package has a schema of, by `apiVersion kind`. */
const ownSchemas = {
  "route.openshift.io/v1 Route": compileSchema("route.openshift.io-v1-Route.json"),
  "monitoring.coreos.com/v1 ServiceMonitor": compileSchema("monitoring.coreos.com-v1-ServiceMonitor.json"),
};

const modelCache = new Map();

/** kubernetes-models module of an apiVersion: "v1" -> "v1", "apps/v1" -> "apps/v1". */
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let model;
    try {
      const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
      model = module[kind];
    } catch {
      model = undefined;
    }
    modelCache.set(key, model);
  }
  return modelCache.get(key);
}

/** Returns a list of problems (empty when the object is valid). */
export async function schemaProblems(object) {
  const where = `${object.kind}/${object.metadata?.name}`;
  const validateOwn = ownSchemas[`${object.apiVersion} ${object.kind}`];
  if (validateOwn) {
    if (validateOwn(object)) return [];
    return validateOwn.errors.map((error) => `${where}${error.instancePath}: ${error.message}`);
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${error.message}`];
  }
}
