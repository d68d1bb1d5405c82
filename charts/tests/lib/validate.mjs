// Validates rendered objects against the Kubernetes JSON schemas compiled into the
// kubernetes-models package (offline), and Routes against a schema written from the OpenShift
// API reference. A kind with no schema is an error, so nothing the chart renders goes unchecked.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const here = path.dirname(fileURLToPath(import.meta.url));
const routeSchema = JSON.parse(fs.readFileSync(path.join(here, "schemas", "route.openshift.io-v1-Route.json"), "utf8"));
const validateRoute = new Ajv({ allErrors: true, strict: true }).compile(routeSchema);

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
  if (object.apiVersion === "route.openshift.io/v1" && object.kind === "Route") {
    if (validateRoute(object)) return [];
    return validateRoute.errors.map((error) => `${where}${error.instancePath}: ${error.message}`);
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
