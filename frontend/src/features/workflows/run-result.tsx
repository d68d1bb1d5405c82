import { CopyButton } from "@/components/copy-button";
import { Badge } from "@/components/ui/badge";
import type { WorkflowRun } from "./api";

function MessageBlock({ title, text, copyLabel }: { title: string; text: string; copyLabel: string }) {
  return (
    <section aria-label={title} className="grid gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <h4 className="text-sm font-semibold">{title}</h4>
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs">
        {text}
      </pre>
    </section>
  );
}

/** One step's result: its status, prompt, error and rendered messages (also used by the run history). */
export function StepResult({ step }: { step: WorkflowRun["steps"][number] }) {
  return (
    <article aria-label={`Result of step ${step.step_id}`} className="grid gap-3 rounded-lg border p-4">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold">{step.step_id}</h3>
        <Badge variant={step.status === "success" ? "success" : "destructive"}>{step.status}</Badge>
        <span className="text-xs text-muted-foreground">
          <span className="font-mono">{step.prompt_name}</span>
          {step.prompt_version ? <span className="font-mono"> @ {step.prompt_version}</span> : null}
        </span>
        <span className="text-xs text-muted-foreground tabular-nums">{step.duration_ms} ms</span>
      </header>
      {step.error ? <p className="text-sm font-medium text-destructive">{step.error}</p> : null}
      {step.system_message ? (
        <MessageBlock
          title="System message"
          text={step.system_message}
          copyLabel={`Copy system message of step ${step.step_id}`}
        />
      ) : null}
      {step.status === "success" ? (
        <MessageBlock
          title="User message"
          text={step.user_message}
          copyLabel={`Copy user message of step ${step.step_id}`}
        />
      ) : null}
    </article>
  );
}

/** What a run rendered: each step's messages in run order, where it stopped, and the outputs. */
export function RunResult({ run }: { run: WorkflowRun }) {
  const outputs = Object.entries(run.outputs);
  const failed = run.steps.find((step) => step.status === "error");
  return (
    <div className="grid gap-4 border-t pt-4" aria-live="polite">
      <p className="text-sm text-muted-foreground">
        {failed
          ? `Step ${failed.step_id} failed, so the run stopped there.`
          : `All ${run.steps.length} steps ran, in dependency order.`}
      </p>
      <div className="grid gap-3">
        {run.steps.map((step) => (
          <StepResult key={step.step_id} step={step} />
        ))}
      </div>
      <section aria-label="Outputs" className="grid gap-3">
        <h3 className="text-sm font-semibold">Outputs</h3>
        {outputs.length === 0 ? (
          <p className="text-sm text-muted-foreground">No step produced output.</p>
        ) : (
          outputs.map(([id, text]) => (
            <MessageBlock key={id} title={`Output of ${id}`} text={text} copyLabel={`Copy output of ${id}`} />
          ))
        )}
      </section>
    </div>
  );
}
