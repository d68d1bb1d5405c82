"use client";

import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { VisibilityOptions, visibilityDescription } from "@/components/visibility";
import { nameRule } from "@/lib/api/rules";
import type { Visibility } from "@/lib/api/types";
import { useCreateWorkflow, useProjectOptions, useUpdateWorkflow, type Workflow } from "./api";
import {
  type DraftStep,
  localStepProblems,
  moveStep,
  nextStepId,
  removeStep,
  renameStep,
  serverStepProblems,
  toStepsBody,
} from "./schemas";
import { StepEditor } from "./step-editor";

let keys = 0;
const newKey = () => `step-${++keys}`;

function draftsFrom(workflow: Workflow | undefined): DraftStep[] {
  return (workflow?.steps ?? []).map((step) => ({
    key: newKey(),
    id: step.id,
    prompt_name: step.prompt_name,
    prompt_version: step.prompt_version ?? "",
    depends_on: step.depends_on,
  }));
}

// Not react-hook-form: a list of steps that grows and shrinks, each with its own editor, checked as a graph by the API.
/**
 * Creates a workflow, or edits `workflow`. The API checks the step graph when saving; its 422
 * names the steps concerned, and each problem is shown on its step as well as at the top.
 */
export function WorkflowBuilder({ workflow, onSaved }: { workflow?: Workflow; onSaved?: (message: string) => void }) {
  const router = useRouter();
  const [name, setName] = React.useState(workflow?.name ?? "");
  const [description, setDescription] = React.useState(workflow?.description ?? "");
  const [visibility, setVisibility] = React.useState<Visibility>(workflow?.visibility ?? "private");
  const [projectId, setProjectId] = React.useState(workflow?.project_id ?? "");
  const [steps, setSteps] = React.useState<DraftStep[]>(() => draftsFrom(workflow));
  const [nameError, setNameError] = React.useState<string | null>(null);
  const [localProblems, setLocalProblems] = React.useState<Record<string, string[]>>({});
  const projects = useProjectOptions();
  const create = useCreateWorkflow();
  const update = useUpdateWorkflow(workflow?.id ?? "");
  const save = workflow ? update : create;
  const server = React.useMemo(() => serverStepProblems(save.error, steps), [save.error, steps]);

  /** Any edit makes earlier problems stale: they are re-checked on the next save. */
  const edit = (next: DraftStep[]) => {
    setSteps(next);
    setLocalProblems({});
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    save.reset();
    const problems = localStepProblems(steps);
    const missingName = name.trim() ? null : "Name the workflow";
    setNameError(missingName);
    setLocalProblems(problems);
    if (missingName || Object.keys(problems).length > 0) return;
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      visibility,
      steps: toStepsBody(steps),
    };
    if (workflow) {
      update.mutate(body, { onSuccess: (saved) => onSaved?.(`${saved.name} is saved.`) });
    } else {
      create.mutate(
        { ...body, project_id: projectId || null },
        { onSuccess: (saved) => router.push(`/workflows/${saved.id}`) },
      );
    }
  };

  const ids = steps.map((step) => step.id).filter(Boolean);
  const project = projects.data?.find((p) => p.id === projectId);

  return (
    <form noValidate onSubmit={onSubmit} className="grid grid-cols-1 gap-6" aria-label="Workflow">
      {save.error ? (
        <ErrorAlert
          error={save.error}
          title={workflow ? "The workflow was not saved" : "The workflow was not created"}
        />
      ) : null}
      {Object.keys(localProblems).length > 0 ? (
        <Alert variant="destructive">Some steps need attention: see the messages on them.</Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>About</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Name" required error={nameError ?? undefined}>
              {(control) => (
                <Input
                  {...control}
                  autoFocus={!workflow}
                  value={name}
                  maxLength={nameRule.maxLength}
                  onChange={(event) => setName(event.target.value)}
                />
              )}
            </Field>
            <Field
              label="Visibility"
              description={visibilityDescription(visibility, "Everyone signed in can see and run it")}
            >
              {(control) => (
                <Select
                  {...control}
                  value={visibility}
                  onChange={(event) => setVisibility(event.target.value as Visibility)}
                >
                  <VisibilityOptions />
                </Select>
              )}
            </Field>
            <Field
              label="Project"
              description={
                workflow
                  ? "Set when the workflow was created. Its policies and objectives apply to runs."
                  : "Its policies and objectives apply to runs, unless a run names another project."
              }
            >
              {(control) =>
                workflow ? (
                  <Input
                    {...control}
                    readOnly
                    className="bg-muted/50"
                    value={project?.name ?? (projectId ? "A project" : "No project")}
                  />
                ) : (
                  <Select {...control} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
                    <option value="">No project</option>
                    {projects.data?.map((option) => (
                      <option key={option.id} value={option.id}>
                        {option.name}
                      </option>
                    ))}
                  </Select>
                )
              }
            </Field>
          </div>
          <Field label="Description">
            {(control) => (
              <Textarea
                {...control}
                rows={2}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            )}
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Steps</CardTitle>
          <CardDescription>
            Each step expands a prompt. Every step receives the run input; a step also sees its dependencies' outputs
            under their step ids, and <code className="font-mono">input</code> holds the previous step's output.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {server.general.length > 0 ? (
            <ul className="grid gap-1 text-sm text-destructive">
              {server.general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
          {steps.length === 0 ? (
            <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
              No steps yet. Add one for each prompt to run.
            </p>
          ) : (
            steps.map((step, index) => (
              <StepEditor
                key={step.key}
                step={step}
                index={index}
                count={steps.length}
                others={ids.filter((id) => id !== step.id)}
                problems={[...(localProblems[step.key] ?? []), ...(server.byStep[step.key] ?? [])]}
                disabled={save.isPending}
                onChange={(changes) =>
                  edit(steps.map((current) => (current.key === step.key ? { ...current, ...changes } : current)))
                }
                onRename={(id) => edit(renameStep(steps, step.key, id))}
                onMove={(offset) => edit(moveStep(steps, index, offset))}
                onRemove={() => edit(removeStep(steps, step.key))}
              />
            ))
          )}
          <div>
            <Button
              variant="outline"
              disabled={save.isPending}
              onClick={() =>
                edit([
                  ...steps,
                  {
                    key: newKey(),
                    id: nextStepId(steps),
                    prompt_name: "",
                    prompt_version: "",
                    depends_on: [],
                  },
                ])
              }
            >
              <Plus aria-hidden />
              Add step
            </Button>
          </div>
        </CardContent>
      </Card>
      <div className="flex justify-end gap-2">
        {workflow ? null : (
          <Button variant="outline" asChild>
            <Link href="/workflows">Cancel</Link>
          </Button>
        )}
        <Button type="submit" disabled={save.isPending || (create.isSuccess && !workflow)}>
          {save.isPending ? "Saving…" : workflow ? "Save workflow" : "Create workflow"}
        </Button>
      </div>
    </form>
  );
}
