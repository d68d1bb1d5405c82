"use client";

import { Plus } from "lucide-react";
import { ErrorAlert } from "@/components/error-alert";
import { GovernanceItemDialog } from "@/components/governance/item-dialog";
import { DeleteItemButton, EditIconButton, ObjectiveItem } from "@/components/governance/list-items";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { type Objective, useObjectiveActions, useProjectObjectives } from "./api";

/** Creates an objective on the project, or edits `objective`. */
function ProjectObjectiveDialog({ projectId, objective }: { projectId: string; objective?: Objective }) {
  const actions = useObjectiveActions(projectId);
  const mutation = objective ? actions.update : actions.create;
  return (
    <GovernanceItemDialog
      kind="objective"
      item={objective}
      trigger={
        objective ? (
          <EditIconButton label={`Edit objective ${objective.title}`} />
        ) : (
          <Button variant="outline">
            <Plus aria-hidden />
            Add objective
          </Button>
        )
      }
      title={objective ? "Edit objective" : "New project objective"}
      description={
        <>Active objectives are listed to templates as {"{{ objectives }}"} when a request names this project.</>
      }
      onOpen={() => mutation.reset()}
      onSave={(body) =>
        objective ? actions.update.mutateAsync({ id: objective.id, body }) : actions.create.mutateAsync(body)
      }
      error={mutation.error}
      pending={mutation.isPending}
    />
  );
}

/** What the project is working towards, of every status; managers add, edit and delete them. */
export function ProjectObjectives({ projectId, manage }: { projectId: string; manage: boolean }) {
  const objectives = useProjectObjectives(projectId);
  const actions = useObjectiveActions(projectId);

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
            <ObjectiveItem
              key={objective.id}
              objective={objective}
              actions={
                manage ? (
                  <>
                    <ProjectObjectiveDialog projectId={projectId} objective={objective} />
                    <DeleteItemButton
                      label={`Delete objective ${objective.title}`}
                      title={`Delete “${objective.title}”?`}
                      description="It is removed for good. To keep it on record, set its status to something other than active."
                      confirmLabel="Delete objective"
                      onConfirm={() => {
                        actions.remove.reset();
                        return actions.remove.mutateAsync(objective.id);
                      }}
                    />
                  </>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      {manage ? (
        <div>
          <ProjectObjectiveDialog projectId={projectId} />
        </div>
      ) : null}
    </div>
  );
}
