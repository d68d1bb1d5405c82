import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Db } from "../../db/client.js";
import { AppError } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanUseProject, canUseProject } from "../access/access.service.js";
import { SharedRenderTime } from "../expansion/bounded-interpreter.js";
import { expandPrompt } from "../expansion/expansion.service.js";
import type { UsageRecorder } from "../usage/usage.recorder.js";
import { topologicalOrder } from "./workflow-graph.js";
import type { WorkflowRow } from "./workflows.repository.js";

export type StepResult = {
  stepId: string;
  promptName: string;
  promptVersion: string;
  systemMessage: string | null;
  userMessage: string;
  status: "success" | "error";
  error: string | null;
  /** How long the step's expansion took (rounded to whole milliseconds). */
  durationMs: number;
};

export type WorkflowRun = {
  workflowId: string;
  workflowName: string;
  steps: StepResult[];
  outputs: Record<string, string>;
};

/**
 * Render time all steps of one run share. One run is one request: without a shared budget, 50
 * steps of up to a second each would hold the process for most of a minute. Two single renders'
 * worth leaves ordinary runs (milliseconds a step) far inside it.
 */
export const WORKFLOW_RUN_RENDER_MS = 2_000;

function describeFailure(error: unknown): string {
  if (error instanceof AppError) return error.detail;
  throw error;
}

/**
 * A project named by the run must be one the caller may use. The workflow's own project applies
 * only to callers who may use it: others (anonymous runs of a public workflow, say) run without it.
 */
async function chooseProject(
  db: Db,
  principal: Principal | null,
  workflow: WorkflowRow,
  requested: string | null,
): Promise<string | null> {
  if (requested) {
    await assertCanUseProject(db, principal, requested);
    return requested;
  }
  if (workflow.projectId && (await canUseProject(db, principal, workflow.projectId))) return workflow.projectId;
  return null;
}

/**
 * Runs a workflow's steps in dependency order for the caller. Each step sees the run input, each
 * dependency's rendered user template under its step id, and `input` = the previous executed
 * step's (governance is applied to each step's own messages, so it is not handed on). The
 * caller's governance (and the run's project, else the workflow's) applies to every step, and a
 * step only expands prompts the caller may expand. The first failing step stops the run; its
 * failure is part of the result, not an HTTP error. Steps share one render budget
 * (`WORKFLOW_RUN_RENDER_MS`): the step that finds it used up fails. Between steps the run lets
 * other work in, since steps whose reads are cached never wait on I/O. A step expands the version
 * it names, else the one its label names, else the one the run's label names, else the served one.
 */
export async function runWorkflow(
  db: Db,
  principal: Principal | null,
  workflow: WorkflowRow,
  run: { input: Record<string, unknown>; projectId?: string | null; label?: string },
  usage: UsageRecorder,
): Promise<WorkflowRun> {
  const projectId = await chooseProject(db, principal, workflow, run.projectId ?? null);
  const steps: StepResult[] = [];
  const outputs: Record<string, string> = {};
  const handedOn: Record<string, string> = {};
  let previousOutput: string | undefined;
  const renderTime = new SharedRenderTime(
    WORKFLOW_RUN_RENDER_MS,
    `Workflow run exceeded its render time: ${WORKFLOW_RUN_RENDER_MS} ms shared by all its steps`,
  );

  for (const step of topologicalOrder(workflow.steps).order) {
    await yieldToEventLoop();
    const input: Record<string, unknown> = { ...run.input };
    for (const dependency of step.depends_on) {
      if (dependency in handedOn) input[dependency] = handedOn[dependency];
    }
    if (previousOutput !== undefined) input.input = previousOutput;
    input.input ??= "";
    const version = step.prompt_version ?? undefined;
    const label = version === undefined ? (step.label ?? run.label) : undefined;
    const stepStarted = performance.now();
    const elapsed = () => Math.round(performance.now() - stepStarted);
    try {
      const expansion = await expandPrompt(
        db,
        principal,
        {
          name: step.prompt_name,
          version,
          label,
          input,
          projectId,
          sharedRenderTime: renderTime,
        },
        { usage, channel: "workflow" },
      );
      steps.push({
        stepId: step.id,
        promptName: step.prompt_name,
        promptVersion: expansion.promptVersion,
        systemMessage: expansion.systemMessage,
        userMessage: expansion.userMessage,
        status: "success",
        error: null,
        durationMs: elapsed(),
      });
      outputs[step.id] = expansion.userMessage;
      // Later steps get the rendered template alone: their own expansion adds the governance again.
      handedOn[step.id] = expansion.renderedUserTemplate;
      previousOutput = expansion.renderedUserTemplate;
    } catch (error) {
      steps.push({
        stepId: step.id,
        promptName: step.prompt_name,
        promptVersion: version ?? label ?? "latest",
        systemMessage: null,
        userMessage: "",
        status: "error",
        error: describeFailure(error),
        durationMs: elapsed(),
      });
      break;
    }
  }
  return { workflowId: workflow.id, workflowName: workflow.name, steps, outputs };
}
