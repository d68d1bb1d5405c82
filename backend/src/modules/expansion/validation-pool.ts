import { Worker } from "node:worker_threads";
import { type AppError, unprocessable } from "../../http/errors.js";

/**
 * JSON Schema work (checking input, checking a schema before it is saved) runs in worker threads
 * under a deadline. Ajv's validators are synchronous and their cost depends on the schema as much
 * as on the input: a backtracking `pattern`, untyped `uniqueItems` over a long array, or `$ref`s
 * that branch at every level can each take minutes on a few bytes of input. On the event loop
 * that would stall every request of the process; in a worker, a job that overruns its budget
 * has its worker ended and answers 422, and the next job gets a fresh worker.
 */

export type ValidationJob =
  /** Input against the schema compiled under `key`; `schema` is sent again when the worker lacks it. */
  | { kind: "validate"; key: string; schema?: Record<string, unknown>; input: unknown }
  /** Meta-schema check and compilation of a schema about to be saved. */
  | { kind: "check"; schema: Record<string, unknown> };

export type ReportedError = {
  instancePath: string;
  message: string | undefined;
  keyword: string;
  /** The property a `required` or `additionalProperties` error is about. */
  field: string | undefined;
};

export type ValidationOutcome =
  | { kind: "valid" }
  | { kind: "invalid"; errors: ReportedError[] }
  /** The worker has not compiled the schema of this key (a new worker, or evicted): send it. */
  | { kind: "unknown_schema" }
  /** The schema is not valid, or does not compile. */
  | { kind: "schema_error"; message: string }
  /** The schema recursed deeper than the stack allows. */
  | { kind: "too_deep" };

export type ValidationRequest = { id: number; job: ValidationJob };
export type ValidationReply = { id: number; outcome: ValidationOutcome } | { ready: true };

/**
 * Workers at most. Two, so that one job running out its budget does not hold up every other
 * validation; more would let a burst of costly jobs take every core from the event loop.
 */
const POOL_SIZE = 2;

/** Heap per worker: ample for compiled validators and the largest accepted input, and a cap on a job that allocates without end. */
const WORKER_HEAP_MB = 256;

type Task = {
  job: ValidationJob;
  budgetMs: number;
  overBudget: () => AppError;
  resolve: (outcome: ValidationOutcome) => void;
  reject: (error: unknown) => void;
};

type Slot = { worker: Worker; ready: boolean; task: (Task & { id: number }) | null; timer?: NodeJS.Timeout };

function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./validation-worker.js", import.meta.url), options);
  // Running from TypeScript sources (tests, `npm run dev`): the worker loads its module through
  // tsx as well, which it has to register itself.
  const entry = JSON.stringify(new URL("./validation-worker.ts", import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`, {
    ...options,
    eval: true,
  });
}

class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;

  /** Runs a job in a worker; rejects with `overBudget()` when it has not finished `budgetMs` after it started. */
  run(job: ValidationJob, budgetMs: number, overBudget: () => AppError): Promise<ValidationOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, budgetMs, overBudget, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.find((slot) => slot.ready && slot.task === null);
      if (!idle) {
        // One worker starts at a time: a worker that cannot start must not become a stream of them.
        if (this.slots.length < POOL_SIZE && this.slots.every((slot) => slot.ready)) this.spawn();
        return;
      }
      this.start(idle, this.queue.shift() as Task);
    }
  }

  private start(slot: Slot, task: Task): void {
    const id = ++this.nextId;
    slot.task = { ...task, id };
    slot.timer = setTimeout(() => {
      this.discard(slot);
      task.reject(task.overBudget());
      this.dispatch();
    }, task.budgetMs);
    slot.worker.postMessage({ id, job: task.job } satisfies ValidationRequest);
  }

  private spawn(): void {
    const slot: Slot = { worker: startWorker(), ready: false, task: null };
    // Idle workers must not keep the process alive; a job in flight keeps it alive by its timer.
    slot.worker.unref();
    slot.worker.on("message", (reply: ValidationReply) => {
      if ("ready" in reply) {
        slot.ready = true;
      } else if (slot.task?.id === reply.id) {
        clearTimeout(slot.timer);
        const { resolve } = slot.task;
        slot.task = null;
        resolve(reply.outcome);
      }
      this.dispatch();
    });
    slot.worker.on("error", (error: Error & { code?: string }) => this.fail(slot, error));
    slot.worker.on("exit", (code) => this.fail(slot, new Error(`validation worker exited with code ${code}`)));
    this.slots.push(slot);
  }

  /** A worker died on its own: its job fails; if it never started, so does everything waiting for one. */
  private fail(slot: Slot, error: Error & { code?: string }): void {
    if (!this.slots.includes(slot)) return;
    const { task, ready } = slot;
    this.discard(slot);
    const reason =
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? unprocessable(
            `Validation needed more than ${WORKER_HEAP_MB} MB of memory: the input_schema is too costly for this input`,
            "validation_limit_exceeded",
          )
        : error;
    task?.reject(reason);
    if (!ready) for (const waiting of this.queue.splice(0)) waiting.reject(error);
    this.dispatch();
  }

  private discard(slot: Slot): void {
    clearTimeout(slot.timer);
    this.slots.splice(this.slots.indexOf(slot), 1);
    void slot.worker.terminate();
  }
}

/** The process's validation workers, started on first use. */
export const validationPool = new ValidationPool();
