"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Pencil, Plus, Trash2 } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { type Objective, useObjectiveActions, useProjectObjectives } from "./api";
import { OBJECTIVE_FIELDS, type ObjectiveFormValues, objectiveFormSchema } from "./schemas";

function ObjectiveDialog({
  projectId,
  objective,
  open,
  onOpenChange,
}: {
  projectId: string;
  objective: Objective | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const actions = useObjectiveActions(projectId);
  const save = objective ? actions.update : actions.create;
  const form = useForm<ObjectiveFormValues>({
    resolver: zodResolver(objectiveFormSchema),
    values: {
      title: objective?.title ?? "",
      description: objective?.description ?? "",
      status: objective?.status ?? "active",
    },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    const body = {
      title: values.title.trim(),
      description: values.description.trim() || null,
      status: values.status.trim(),
    };
    const options = {
      onSuccess: () => onOpenChange(false),
      onError: (error: unknown) => applyServerErrors(error, form.setError, OBJECTIVE_FIELDS),
    };
    if (objective) actions.update.mutate({ id: objective.id, body }, options);
    else actions.create.mutate(body, options);
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) save.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{objective ? "Edit objective" : "New project objective"}</DialogTitle>
          <DialogDescription>
            Active objectives are listed to templates as {"{{ objectives }}"} when a request names this project.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Field label="Title" required error={errors.title?.message}>
            {(control) => <Input {...control} {...form.register("title")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(control) => <Textarea {...control} rows={3} {...form.register("description")} />}
          </Field>
          <Field
            label="Status"
            description="Only “active” objectives apply, e.g. active, done, paused."
            error={errors.status?.message}
          >
            {(control) => <Input {...control} {...form.register("status")} />}
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : objective ? "Save objective" : "Add objective"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** What the project is working towards, of every status; managers add, edit and delete them. */
export function ProjectObjectives({ projectId, manage }: { projectId: string; manage: boolean }) {
  const objectives = useProjectObjectives(projectId);
  const actions = useObjectiveActions(projectId);
  const [editing, setEditing] = React.useState<Objective | null>(null);
  const [open, setOpen] = React.useState(false);

  return (
    <div className="grid gap-4">
      {actions.remove.error ? <ErrorAlert error={actions.remove.error} title="The objective was not deleted" /> : null}
      {objectives.isPending ? (
        <Skeleton className="h-16" />
      ) : objectives.isError ? (
        <ErrorAlert error={objectives.error} onRetry={() => void objectives.refetch()} />
      ) : objectives.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No objectives yet.</p>
      ) : (
        <ul className="grid gap-2" aria-label="Objectives">
          {objectives.data.map((objective) => (
            <li key={objective.id} className="grid gap-1 rounded-md border px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{objective.title}</span>
                  <Badge variant={objective.status === "active" ? "success" : "secondary"}>{objective.status}</Badge>
                </span>
                {manage ? (
                  <span className="flex gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Edit objective ${objective.title}`}
                      onClick={() => {
                        setEditing(objective);
                        setOpen(true);
                      }}
                    >
                      <Pencil aria-hidden />
                      Edit
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Delete objective ${objective.title}`}>
                          <Trash2 aria-hidden />
                          Delete
                        </Button>
                      }
                      title={`Delete “${objective.title}”?`}
                      description="It is removed for good. To keep it on record, set its status to something other than active."
                      confirmLabel="Delete objective"
                      destructive
                      onConfirm={() => actions.remove.mutateAsync(objective.id)}
                    />
                  </span>
                ) : null}
              </div>
              {objective.description ? (
                <p className="whitespace-pre-wrap text-sm text-muted-foreground">{objective.description}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {manage ? (
        <div>
          <Button
            variant="outline"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            <Plus aria-hidden />
            Add objective
          </Button>
          <ObjectiveDialog projectId={projectId} objective={editing} open={open} onOpenChange={setOpen} />
        </div>
      ) : null}
    </div>
  );
}
