import { ApiError } from "@/lib/api/errors";
import { stepIdRule } from "@/lib/api/rules";
import { parseJsonObject } from "@/lib/json-object";

/** One step as the builder edits it: `key` stays put while the step id is renamed. */
export type DraftStep = {
  key: string;
  id: string;
  prompt_name: string;
  /** Empty: the prompt's served version at run time. */
  prompt_version: string;
  depends_on: string[];
};

/** Why `id` cannot be a step id, or null when it can. */
export function stepIdProblem(id: string): string | null {
  if (!id) return "Give the step an id";
  if (id === "input") return "'input' is reserved for the run input";
  // The API's own rule, so a bad id is caught before saving.
  if (!stepIdRule.pattern.test(id)) return "Letters, digits and '_' only, not starting with a digit (at most 64)";
  return null;
}

/** A free id for a new step: step_1, step_2, … */
export function nextStepId(steps: readonly Pick<DraftStep, "id">[]): string {
  const taken = new Set(steps.map((step) => step.id));
  let n = steps.length + 1;
  while (taken.has(`step_${n}`)) n += 1;
  return `step_${n}`;
}

/** Renames a step and every dependency on it, so renaming never breaks the graph. */
export function renameStep(steps: readonly DraftStep[], key: string, id: string): DraftStep[] {
  const old = steps.find((step) => step.key === key)?.id;
  return steps.map((step) => {
    if (step.key === key) return { ...step, id };
    if (old === undefined || !step.depends_on.includes(old)) return step;
    return { ...step, depends_on: step.depends_on.map((dependency) => (dependency === old ? id : dependency)) };
  });
}

/** Removes a step and every dependency on it. */
export function removeStep(steps: readonly DraftStep[], key: string): DraftStep[] {
  const removed = steps.find((step) => step.key === key)?.id;
  return steps
    .filter((step) => step.key !== key)
    .map((step) => ({ ...step, depends_on: step.depends_on.filter((dependency) => dependency !== removed) }));
}

/** Moves the step at `index` one place up (-1) or down (+1); out of range changes nothing. */
export function moveStep<T>(steps: readonly T[], index: number, offset: -1 | 1): T[] {
  const target = index + offset;
  if (index < 0 || index >= steps.length || target < 0 || target >= steps.length) return [...steps];
  const next = [...steps];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** Problems the builder can see without asking the API, by step key. */
export function localStepProblems(steps: readonly DraftStep[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (key: string, message: string) => {
    problems[key] = [...(problems[key] ?? []), message];
  };
  for (const step of steps) {
    const idProblem = stepIdProblem(step.id);
    if (idProblem) add(step.key, idProblem);
    if (!step.prompt_name.trim()) add(step.key, "Pick a prompt");
  }
  return problems;
}

export type StepProblem = { message: string; steps: string[] };

/**
 * Splits the API's 422 message for a refused workflow into its problems, each with the step ids
 * it names. The API joins problems with "; " and quotes ids: "Step 'b' depends on unknown step
 * 'x'", "Steps 'a', 'b' form a dependency cycle", "Duplicate step id 'a'", "Step 'a' uses prompt
 * 'p', which does not exist or is not visible to you". Only the step(s) a problem is about are
 * returned: in "depends on unknown step 'x'" the step to fix is 'b', not 'x'.
 */
export function parseStepProblems(message: string): StepProblem[] {
  return message
    .split(/; (?=Steps? '|Duplicate step id ')/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const cycle = /^Steps ((?:'[^']*'(?:, )?)+) form/.exec(part);
      if (cycle) return { message: part, steps: [...cycle[1]!.matchAll(/'([^']*)'/g)].map((match) => match[1]!) };
      const single = /^(?:Step|Duplicate step id) '([^']*)'/.exec(part);
      return { message: part, steps: single ? [single[1]!] : [] };
    });
}

/**
 * Where a failed save's problems belong: messages by step key (from the sentence form, or from a
 * schema 422's `steps[2].id` paths), and the rest for the form as a whole.
 */
export function serverStepProblems(
  error: unknown,
  steps: readonly Pick<DraftStep, "key" | "id">[],
): { byStep: Record<string, string[]>; general: string[] } {
  const byStep: Record<string, string[]> = {};
  const general: string[] = [];
  const add = (key: string, message: string) => {
    byStep[key] = [...(byStep[key] ?? []), message];
  };
  if (!(error instanceof ApiError) || error.status !== 422) return { byStep, general };
  const fields = Object.entries(error.fields);
  if (fields.length > 0) {
    for (const [path, message] of fields) {
      const index = /^steps\[(\d+)\]/.exec(path)?.[1];
      const step = index === undefined ? undefined : steps[Number(index)];
      if (step) add(step.key, `${path.replace(/^steps\[\d+\]\.?/, "") || "step"}: ${message}`);
      else general.push(`${path}: ${message}`);
    }
    return { byStep, general };
  }
  for (const problem of parseStepProblems(error.message)) {
    const keys = steps.filter((step) => problem.steps.includes(step.id)).map((step) => step.key);
    if (keys.length === 0) general.push(problem.message);
    for (const key of keys) add(key, problem.message);
  }
  return { byStep, general };
}

/** The request's step list from the builder's drafts. */
export function toStepsBody(steps: readonly DraftStep[]) {
  return steps.map((step) => ({
    id: step.id,
    prompt_name: step.prompt_name.trim(),
    prompt_version: step.prompt_version || null,
    depends_on: step.depends_on,
  }));
}

/** Parses the run-input editor: a JSON object, or a message saying what is wrong. */
export function parseRunInput(
  text: string,
): { ok: true; input: Record<string, unknown> } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, input: {} };
  const parsed = parseJsonObject(text, '{"topic": "caching"}');
  return parsed.ok ? { ok: true, input: parsed.value } : parsed;
}

/** Whether a workflow matches the list's search: its name, description or any step's prompt. */
export function matchesWorkflow(
  workflow: { name: string; description: string | null; steps: readonly { prompt_name: string }[] },
  q: string,
): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [workflow.name, workflow.description ?? "", ...workflow.steps.map((step) => step.prompt_name)].some((text) =>
    text.toLowerCase().includes(needle),
  );
}
