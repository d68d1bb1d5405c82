import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import type { AuditChannel, WorkflowRunStatus } from "../../db/schema.js";
import { AppError, notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { isOwnerOrAdmin, requireUser } from "../access/access.service.js";
import { getOrgSettings } from "../settings/settings.service.js";
import type { UsageRecorder } from "../usage/usage.recorder.js";
import { type WorkflowRun as RunResult, runWorkflow } from "./workflow-run.js";
import { boundError, boundRunRecord } from "./workflow-run-record.js";
import {
  createWorkflowRun,
  deleteWorkflowRunsBefore,
  findWorkflowRun,
  findWorkflowRuns,
  type WorkflowRunRow,
  type WorkflowRunSummaryRow,
} from "./workflow-runs.repository.js";
import type { WorkflowRow } from "./workflows.repository.js";
import { getVisibleWorkflow } from "./workflows.service.js";

export type RunRequest = { input: Record<string, unknown>; projectId?: string | null; label?: string };

/** What a run needs besides the workflow: the door it came through, where to log, where usage goes. */
export type RunContext = { channel: AuditChannel; log: FastifyBaseLogger; usage: UsageRecorder };

/** A run's result and the id of its history entry (null when recording it failed). */
export type RecordedRun = RunResult & { runId: string | null };

const unexpectedFailure = "The run failed on an unexpected error";

/**
 * Runs a workflow and keeps it in the run history: the one place REST and MCP runs go through.
 *
 * Recording happens after the run, on its own, and never fails it: a run only reads (its steps are
 * expansions, which write nothing but the usage log, itself off the request path), so there is no
 * run transaction to join, and a caller who got their result should get it even when the history
 * insert fails (the failure is logged). A run refused before any step (a project the caller may
 * not use) is recorded as failed too, then the error is answered as before.
 */
export async function runAndRecordWorkflow(
  db: Db,
  principal: Principal | null,
  workflow: WorkflowRow,
  run: RunRequest,
  context: RunContext,
): Promise<RecordedRun> {
  const startedAt = new Date();
  const started = performance.now();
  const finish = (outcome: { status: WorkflowRunStatus; error: string | null; result: RunResult | null }) =>
    recordRun(db, principal, workflow, run, context, {
      ...outcome,
      startedAt,
      durationMs: Math.round(performance.now() - started),
    });
  let result: RunResult;
  try {
    result = await runWorkflow(db, principal, workflow, run, context.usage);
  } catch (error) {
    await finish({
      status: "failed",
      error: error instanceof AppError ? error.detail : unexpectedFailure,
      result: null,
    });
    throw error;
  }
  const failedStep = result.steps.find((step) => step.status === "error");
  const runId = await finish({
    status: failedStep ? "failed" : "succeeded",
    error: failedStep ? `Step '${failedStep.stepId}' failed: ${failedStep.error}` : null,
    result,
  });
  return { ...result, runId };
}

type Outcome = {
  status: WorkflowRunStatus;
  error: string | null;
  result: RunResult | null;
  startedAt: Date;
  durationMs: number;
};

/** Writes the history entry; logs and answers null when it cannot. */
async function recordRun(
  db: Db,
  principal: Principal | null,
  workflow: WorkflowRow,
  run: RunRequest,
  context: RunContext,
  outcome: Outcome,
): Promise<string | null> {
  try {
    const bounded = boundRunRecord(run.input, outcome.result?.steps ?? []);
    const row = await createWorkflowRun(db, {
      workflowId: workflow.id,
      workflowName: workflow.name,
      userId: principal?.user.id ?? null,
      username: principal?.user.username ?? null,
      apiKeyId: principal?.apiKey?.id ?? null,
      channel: context.channel,
      projectId: run.projectId ?? null,
      label: run.label ?? null,
      status: outcome.status,
      error: outcome.error === null ? null : boundError(outcome.error),
      input: bounded.input,
      steps: bounded.steps,
      stepCount: bounded.steps.length,
      truncated: bounded.truncated,
      startedAt: outcome.startedAt,
      finishedAt: new Date(outcome.startedAt.getTime() + outcome.durationMs),
      durationMs: outcome.durationMs,
    });
    return row.id;
  } catch (error) {
    context.log.error({ err: error, workflowId: workflow.id }, "recording a workflow run failed");
    return null;
  }
}

/** Whether the caller may read every run of the workflow (its owner, an admin), or only their own. */
const readsEveryRun = (principal: Principal, workflow: WorkflowRow) => isOwnerOrAdmin(principal, workflow.userId);

const CURSOR_PREFIX = "r";
const encodeCursor = (seq: number) => Buffer.from(`${CURSOR_PREFIX}${seq}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const seq = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(seq) || seq < 1) {
    throw unprocessable("cursor is not one this API gave; start again without it", "invalid_cursor");
  }
  return seq;
}

export type WorkflowRunPage = { items: WorkflowRunSummaryRow[]; nextCursor: string | null };

/**
 * One page of a workflow's runs, newest first. The workflow's owner and admins read every run;
 * anyone else who can see the workflow reads only the runs they made.
 */
export async function listWorkflowRuns(
  db: Db,
  principal: Principal | null,
  workflowId: string,
  query: { status?: WorkflowRunStatus; cursor?: string; limit: number },
): Promise<WorkflowRunPage> {
  const caller = requireUser(principal);
  const workflow = await getVisibleWorkflow(db, caller, workflowId);
  const beforeSeq = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await findWorkflowRuns(
    db,
    {
      workflowId: workflow.id,
      userId: readsEveryRun(caller, workflow) ? undefined : caller.user.id,
      status: query.status,
      beforeSeq,
    },
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null };
}

/** One run with its input and steps: for its caller, the workflow's owner and admins; else 404. */
export async function getWorkflowRun(
  db: Db,
  principal: Principal | null,
  workflowId: string,
  runId: string,
): Promise<WorkflowRunRow> {
  const caller = requireUser(principal);
  const workflow = await getVisibleWorkflow(db, caller, workflowId);
  const run = await findWorkflowRun(db, workflow.id, runId);
  if (!run || !(readsEveryRun(caller, workflow) || run.userId === caller.user.id)) {
    throw notFound("Workflow run not found", "workflow_run_not_found");
  }
  return run;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_BATCH = 1000;

export type WorkflowRunPruneOptions = { now?: Date; batchSize?: number; signal?: AbortSignal };

/**
 * Deletes the runs that started more than `workflow_run_retention_days` ago, oldest first, a batch
 * per statement; how many it deleted.
 */
export async function pruneWorkflowRuns(db: Db, options: WorkflowRunPruneOptions = {}): Promise<number> {
  const days = (await getOrgSettings(db)).workflowRunRetentionDays;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  const batchSize = options.batchSize ?? PRUNE_BATCH;
  let total = 0;
  while (!options.signal?.aborted) {
    const deleted = await deleteWorkflowRunsBefore(db, cutoff, batchSize);
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
