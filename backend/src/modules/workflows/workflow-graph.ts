import type { WorkflowStepDefinition } from "../../db/schema.js";

/** A problem with a workflow's step graph, with the step ids it concerns. */
export type GraphProblem = { message: string; steps: string[] };

const quote = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(", ");

/**
 * Every structural problem of a step list: duplicate ids, unknown or self dependencies, and
 * cycles. Empty when the steps form a DAG.
 */
export function findGraphProblems(steps: readonly WorkflowStepDefinition[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id)) problems.push({ message: `Duplicate step id '${step.id}'`, steps: [step.id] });
    seen.add(step.id);
  }
  for (const step of steps) {
    for (const dependency of step.depends_on) {
      if (dependency === step.id) {
        problems.push({ message: `Step '${step.id}' depends on itself`, steps: [step.id] });
      } else if (!seen.has(dependency)) {
        problems.push({ message: `Step '${step.id}' depends on unknown step '${dependency}'`, steps: [step.id] });
      }
    }
  }
  if (problems.length > 0) return problems;
  const { order } = topologicalOrder(steps);
  if (order.length < steps.length) {
    const placed = new Set(order.map((step) => step.id));
    const stuck = stepsOnCycles(steps.filter((step) => !placed.has(step.id)));
    problems.push({ message: `Steps ${quote(stuck)} form a dependency cycle`, steps: stuck });
  }
  return problems;
}

/**
 * Narrows the steps Kahn's algorithm could not place to those on a cycle: steps merely waiting
 * downstream of a cycle are peeled off, since no other stuck step waits for them.
 */
function stepsOnCycles(stuck: readonly WorkflowStepDefinition[]): string[] {
  let left = [...stuck];
  for (;;) {
    const awaited = new Set(left.flatMap((step) => step.depends_on));
    const next = left.filter((step) => awaited.has(step.id));
    if (next.length === left.length) return left.map((step) => step.id);
    left = next;
  }
}

/**
 * Kahn's algorithm, stable in declaration order: the queue starts with the steps that depend on
 * nothing, in the order they were declared, and a step is released (in declaration order) once
 * all its dependencies have run. Steps caught in a cycle are left out of `order`.
 */
export function topologicalOrder<T extends WorkflowStepDefinition>(steps: readonly T[]): { order: T[] } {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, T[]>();
  for (const step of steps) {
    const dependencies = new Set(step.depends_on);
    remaining.set(step.id, dependencies.size);
    for (const dependency of dependencies) {
      const list = dependents.get(dependency) ?? [];
      list.push(step);
      dependents.set(dependency, list);
    }
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
  return { order };
}
