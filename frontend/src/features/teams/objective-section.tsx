"use client";

import { Plus } from "lucide-react";
import { ErrorAlert } from "@/components/error-alert";
import type { Objective } from "@/components/governance/form-values";
import { DeleteItemButton, EditIconButton, ObjectiveItem } from "@/components/governance/list-items";
import { ObjectiveFormDialog } from "@/components/governance/objective-dialog";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { type Team, useEffectiveObjectives, useObjectiveMutations, useTeamObjectives } from "./api";

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
        {canEdit ? <TeamObjectiveDialog team={team} /> : null}
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
                    <TeamObjectiveDialog team={team} objective={objective} />
                    <DeleteItemButton
                      label={`Delete objective ${objective.title}`}
                      title={`Delete objective ${objective.title}?`}
                      description={`It stops applying to ${team.name} and every team below it.`}
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

/** Creates an objective on the team, or edits `objective`. */
function TeamObjectiveDialog({ team, objective }: { team: Team; objective?: Objective }) {
  const { create, update } = useObjectiveMutations();
  const mutation = objective ? update : create;
  return (
    <ObjectiveFormDialog
      objective={objective}
      trigger={
        objective ? (
          <EditIconButton label={`Edit objective ${objective.title}`} />
        ) : (
          <Button size="sm" variant="outline">
            <Plus aria-hidden />
            Add objective
          </Button>
        )
      }
      title={objective ? `Edit objective ${objective.title}` : `New objective for ${team.name}`}
      description={
        <>
          Active objectives reach everyone in {team.name} and below, listed in {"{{ objectives }}"} of every prompt.
        </>
      }
      onOpen={() => mutation.reset()}
      onSave={(body) =>
        objective ? update.mutateAsync({ id: objective.id, body }) : create.mutateAsync({ ...body, team_id: team.id })
      }
      error={mutation.error}
      pending={mutation.isPending}
    />
  );
}
