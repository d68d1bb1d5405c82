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
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { type Objective, type Team, useEffectiveObjectives, useObjectiveMutations, useTeamObjectives } from "./api";
import { OBJECTIVE_FIELDS, type ObjectiveFormValues, objectiveFormSchema, toObjectiveBody } from "./schemas";

function ObjectiveItem({
  objective,
  from,
  actions,
}: {
  objective: Objective;
  from?: string;
  actions?: React.ReactNode;
}) {
  return (
    <li className="grid gap-1 rounded-md border px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium">{objective.title}</span>
        {actions}
      </div>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
        <Badge variant={objective.status === "active" ? "success" : "secondary"}>{objective.status}</Badge>
        {from ? <span>from {from}</span> : null}
      </div>
      {objective.description ? (
        <p className="line-clamp-3 whitespace-pre-line text-xs text-muted-foreground">{objective.description}</p>
      ) : null}
    </li>
  );
}

/** The team's own objectives (editable by those who manage it) and, read-only, the inherited ones. */
export function ObjectiveSection({
  team,
  canEdit,
  teamNames,
}: {
  team: Team;
  canEdit: boolean;
  teamNames: ReadonlyMap<string, string>;
}) {
  const local = useTeamObjectives(team.id);
  const inherited = useEffectiveObjectives(team.id);
  const { remove } = useObjectiveMutations();

  return (
    <section aria-labelledby="team-objectives-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="team-objectives-heading" className="text-sm font-semibold">
          Objectives
        </h3>
        {canEdit ? <ObjectiveDialog team={team} /> : null}
      </div>
      {remove.error ? <ErrorAlert error={remove.error} title="The objective was not deleted" /> : null}
      {local.isPending ? (
        <Skeleton className="h-10" aria-label="Loading objectives…" />
      ) : local.isError ? (
        <ErrorAlert error={local.error} onRetry={() => void local.refetch()} />
      ) : local.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No objectives of its own.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Objectives of ${team.name}`}>
          {local.data.map((objective) => (
            <ObjectiveItem
              key={objective.id}
              objective={objective}
              actions={
                canEdit ? (
                  <>
                    <ObjectiveDialog team={team} objective={objective} />
                    <ConfirmDialog
                      trigger={
                        <Button
                          size="icon"
                          variant="ghost"
                          className="size-7"
                          aria-label={`Delete objective ${objective.title}`}
                        >
                          <Trash2 aria-hidden />
                        </Button>
                      }
                      title={`Delete objective ${objective.title}?`}
                      description={`It stops applying to ${team.name} and every team below it.`}
                      confirmLabel="Delete"
                      destructive
                      onConfirm={() => {
                        remove.reset();
                        return remove.mutateAsync(objective.id);
                      }}
                    />
                  </>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      <h4 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Inherited</h4>
      {inherited.isPending ? (
        <Skeleton className="h-10" aria-label="Loading inherited objectives…" />
      ) : inherited.isError ? (
        <ErrorAlert error={inherited.error} onRetry={() => void inherited.refetch()} />
      ) : inherited.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing inherited from teams above.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Objectives ${team.name} inherits`}>
          {inherited.data.map((objective) => (
            <ObjectiveItem
              key={objective.id}
              objective={objective}
              from={objective.team_id ? (teamNames.get(objective.team_id) ?? "a team above") : "a team above"}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

const defaults = (objective?: Objective): ObjectiveFormValues => ({
  title: objective?.title ?? "",
  description: objective?.description ?? "",
  status: objective?.status ?? "active",
});

/** Creates an objective on the team, or edits `objective`. */
function ObjectiveDialog({ team, objective }: { team: Team; objective?: Objective }) {
  const [open, setOpen] = React.useState(false);
  const { create, update } = useObjectiveMutations();
  const mutation = objective ? update : create;
  const form = useForm<ObjectiveFormValues>({ resolver: zodResolver(objectiveFormSchema), defaultValues: defaults() });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(defaults(objective));
      mutation.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const body = toObjectiveBody(values, team.id);
      if (objective) {
        await update.mutateAsync({
          id: objective.id,
          body: { title: body.title, description: body.description, status: body.status },
        });
      } else await create.mutateAsync(body);
      setOpen(false);
    } catch (error) {
      applyServerErrors(error, form.setError, OBJECTIVE_FIELDS);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {objective ? (
          <Button size="icon" variant="ghost" className="size-7" aria-label={`Edit objective ${objective.title}`}>
            <Pencil aria-hidden />
          </Button>
        ) : (
          <Button size="sm" variant="outline">
            <Plus aria-hidden />
            Add objective
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>
            {objective ? `Edit objective ${objective.title}` : `New objective for ${team.name}`}
          </DialogTitle>
          <DialogDescription>
            Active objectives reach everyone in {team.name} and below, listed in {"{{ objectives }}"} of every prompt.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {mutation.error ? <ErrorAlert error={mutation.error} title="The objective was not saved" /> : null}
          <Field label="Title" required error={errors.title?.message}>
            {(aria) => <Input {...aria} autoComplete="off" {...form.register("title")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
          </Field>
          <Field
            label="Status"
            required
            description="Only “active” objectives apply; any other word (e.g. done) keeps it on record."
            error={errors.status?.message}
          >
            {(aria) => <Input {...aria} list="objective-statuses" {...form.register("status")} />}
          </Field>
          <datalist id="objective-statuses">
            <option value="active" />
            <option value="paused" />
            <option value="done" />
          </datalist>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Saving…" : objective ? "Save objective" : "Add objective"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
