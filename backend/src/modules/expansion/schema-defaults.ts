/**
 * What an input schema declares, read the same way wherever it matters: which top-level
 * properties there are (in the author's order) and which defaults fill in what a caller leaves out.
 */

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Defaults nested deeper than this are not filled: input deeper than that is refused anyway. */
const MAX_DEFAULT_DEPTH = 32;

/** The schema's own properties, then those of its `allOf`/`anyOf`/`oneOf` branches, each once. */
function propertySchemas(schema: unknown): [string, unknown][] {
  if (!isObject(schema)) return [];
  const seen = new Map<string, unknown>();
  const collect = (part: unknown) => {
    if (!isObject(part)) return;
    if (isObject(part.properties)) {
      for (const [name, property] of Object.entries(part.properties)) if (!seen.has(name)) seen.set(name, property);
    }
  };
  collect(schema);
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) collect(branch);
  }
  return [...seen];
}

/** Names of the input a schema declares at the top level, in the order the author wrote them. */
export function inputPropertyNames(schema: unknown): string[] {
  return propertySchemas(schema).map(([name]) => name);
}

/**
 * The input with the schema's `default`s filled in where the caller left a property out, at the
 * top level and inside objects the caller gave. The caller's input is not changed; defaults are
 * copied, so no two expansions share a value.
 */
export function applySchemaDefaults(schema: unknown, input: JsonObject): JsonObject {
  return fillDefaults(schema, input, 0);
}

function fillDefaults(schema: unknown, value: JsonObject, depth: number): JsonObject {
  if (depth > MAX_DEFAULT_DEPTH) return value;
  let filled: JsonObject | null = null;
  for (const [name, property] of propertySchemas(schema)) {
    if (!isObject(property)) continue;
    const current = Object.hasOwn(value, name) ? value[name] : undefined;
    let next = current;
    if (current === undefined && "default" in property) next = structuredClone(property.default);
    else if (isObject(current)) next = fillDefaults(property, current, depth + 1);
    if (next !== current) {
      filled ??= { ...value };
      // Defined rather than assigned, so a property named `__proto__` stays a property.
      Object.defineProperty(filled, name, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return filled ?? value;
}
