/**
 * What a workflow run asks of the person running it. The API gives each step the run input, each
 * dependency's output under the dependency's step id, and `input` = the previous executed step's
 * output; so a step's variables with those names are filled in by the run, and only the others
 * are asked for, once, however many steps use them.
 */

type JsonSchema = Record<string, unknown>;

type StepShape = { id: string; depends_on: readonly string[] };

/** A variable a step declares that the run fills in from an earlier step's output. */
export type FilledVariable = { step: string; variable: string; from: string };

export type RunInputPlan = {
  /** One object schema with every variable someone must provide, required if any step requires it. */
  schema: { type: "object"; properties: Record<string, JsonSchema>; required: string[] };
  /** Variables that earlier steps' outputs provide, in run order. */
  filled: FilledVariable[];
};

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The order the API runs steps in: Kahn's algorithm, starting with the steps that depend on
 * nothing in declaration order, each released once all its dependencies have run. Steps on a
 * cycle are left out (the API refuses to save those).
 */
export function runOrder<T extends StepShape>(steps: readonly T[]): T[] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, T[]>();
  for (const step of steps) {
    const dependencies = new Set(step.depends_on);
    remaining.set(step.id, dependencies.size);
    for (const dependency of dependencies) dependents.set(dependency, [...(dependents.get(dependency) ?? []), step]);
  }
  const queue = steps.filter((step) => remaining.get(step.id) === 0);
  const order: T[] = [];
  while (queue.length > 0) {
    const step = queue.shift() as T;
    order.push(step);
    for (const dependent of dependents.get(step.id) ?? []) {
      const left = (remaining.get(dependent.id) ?? 0) - 1;
      remaining.set(dependent.id, left);
      if (left === 0) queue.push(dependent);
    }
  }
  return order;
}

function sentenceList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * Merges the input schemas of a workflow's steps (`schemas` by step id; a missing one counts as
 * no variables) into the form of a run. The first step to declare a variable defines its type;
 * with several steps, each variable's description says which steps use it.
 */
export function planRunInput(steps: readonly StepShape[], schemas: Record<string, unknown>): RunInputPlan {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const usedBy: Record<string, string[]> = {};
  const filled: FilledVariable[] = [];

  const order = runOrder(steps);
  order.forEach((step, index) => {
    const schema = schemas[step.id];
    if (!isSchema(schema) || !isSchema(schema.properties)) return;
    const stepRequired = Array.isArray(schema.required) ? schema.required : [];
    const previous = order[index - 1]?.id;
    // Required ones first, as the author ordered them: jsonb keeps array order, not key order.
    const names = [
      ...stepRequired.filter(
        (name): name is string => typeof name === "string" && name in (schema.properties as object),
      ),
      ...Object.keys(schema.properties),
    ].filter((name, position, all) => all.indexOf(name) === position);

    for (const name of names) {
      const from = step.depends_on.includes(name) ? name : name === "input" ? previous : undefined;
      if (from !== undefined) {
        filled.push({ step: step.id, variable: name, from });
        continue;
      }
      const property = schema.properties[name];
      properties[name] ??= isSchema(property) ? { ...property } : {};
      usedBy[name] = [...(usedBy[name] ?? []), step.id];
      if (stepRequired.includes(name) && !required.includes(name)) required.push(name);
    }
  });

  if (steps.length > 1) {
    for (const [name, stepIds] of Object.entries(usedBy)) {
      const description = properties[name]?.description;
      const own =
        typeof description === "string" && description.trim() ? `${description.trim().replace(/[^.!?]$/, "$&.")} ` : "";
      const noun = stepIds.length === 1 ? "step" : "steps";
      properties[name] = { ...properties[name], description: `${own}Used by ${noun} ${sentenceList(stepIds)}.` };
    }
  }
  return { schema: { type: "object", properties, required }, filled };
}
